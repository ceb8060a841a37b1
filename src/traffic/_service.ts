import { IConstruct } from 'constructs';
import type { Service } from 'kubernetes-types/core/v1';
import { invalidProp } from '../core/errors';
import type { Complete } from '../core/kube';
import { ServiceType } from '../core/service-type';

/** Refuses Service types that cannot front a set of pods. */
export function checkServiceType(scope: IConstruct, type: ServiceType) {
  if (type === ServiceType.EXTERNAL_NAME) {
    throw invalidProp(scope, { prop: 'serviceType', value: type, problem: 'an ExternalName Service has no selector, so it cannot point at a colour or track', fix: 'use ServiceType.CLUSTER_IP, NODE_PORT or LOAD_BALANCER' });
  }
}

/** Refuses a port outside 1..65535. */
export function checkPort(scope: IConstruct, prop: string, port: number) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalidProp(scope, { prop, value: port, problem: 'a port is a whole number from 1 to 65535', fix: 'set a port such as 80' });
  }
}

/**
 * The manifest of a Service that sends `port` to the container port named `targetPort` of the
 * selected pods.
 *
 * The target is a port NAME, never a number. A numeric targetPort is passed to every selected
 * pod as it is (kubernetes `pkg/api/v1/pod/util.go` FindPort: an Int target is returned without
 * looking at the pod), so a commit that changes the container port sends every old pod traffic
 * on the new number until it is replaced. A name is looked up in each pod's own container ports
 * (same FindPort, matching name and protocol): the EndpointSlice controller then writes old and
 * new pods into slices with their own port numbers, and ingress-nginx takes the port of each
 * slice (`internal/ingress/controller/endpointslices.go`, matched by the Service port's name), so
 * a port change is an ordinary rolling update. A pod without the name gets no endpoint, which is
 * why every release construct checks that the serving container carries it.
 */
export function serviceManifest(opts: {
  name: string;
  namespace?: string;
  labels: { [key: string]: string };
  annotations?: { [key: string]: string };
  selector: { [key: string]: string };
  port: number;
  /** Name of the serving container's port. */
  targetPort: string;
  type: ServiceType;
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
