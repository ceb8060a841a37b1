import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import type { Service } from 'kubernetes-types/core/v1';
import { invalidProp } from '../core/errors';
import type { Complete } from '../core/kube';

/** Refuses Service types that cannot front a set of pods. */
export function checkServiceType(scope: IConstruct, type: kplus.ServiceType) {
  if (type === kplus.ServiceType.EXTERNAL_NAME) {
    throw invalidProp(scope, { prop: 'serviceType', value: type, problem: 'an ExternalName Service has no selector, so it cannot point at a colour or track', fix: 'use ServiceType.CLUSTER_IP, NODE_PORT or LOAD_BALANCER' });
  }
}

/** Refuses a port outside 1..65535. */
export function checkPort(scope: IConstruct, prop: string, port: number) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalidProp(scope, { prop, value: port, problem: 'a port is a whole number from 1 to 65535', fix: 'set a port such as 80' });
  }
}

/** The manifest of a Service that sends `port` to `targetPort` of the selected pods. */
export function serviceManifest(opts: {
  name: string;
  namespace?: string;
  labels: { [key: string]: string };
  annotations?: { [key: string]: string };
  selector: { [key: string]: string };
  port: number;
  targetPort: number;
  type: kplus.ServiceType;
}): Complete<Service> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: opts.name, namespace: opts.namespace, labels: opts.labels, annotations: opts.annotations },
    spec: {
      ports: [{ name: 'http', port: opts.port, protocol: 'TCP', targetPort: opts.targetPort }],
      selector: opts.selector,
      type: opts.type,
    },
  };
}
