import { IConstruct } from 'constructs';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { IngressRouteOptions } from './ingress-route';
import { invalidProp } from '../core/errors';
import { HttpIngressPathType } from '../core/ingress-path-type';
import type { Complete } from '../core/kube';
import { DNS_LABEL_RULE, isDnsLabel } from '../core/names';

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A route with its defaults settled, as both a main and a canary Ingress must share it. */
export interface ResolvedRoute {
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly className?: string;
}

/** Settles a route's defaults and refuses what ingress controllers would reject or ignore. */
export function resolveRoute(scope: IConstruct, prop: string, r: IngressRouteOptions): ResolvedRoute {
  if (typeof r.host !== 'string' || r.host.length > 253 || !HOST.test(r.host)) {
    throw invalidProp(scope, { prop: `${prop}.host`, value: r.host, problem: 'a host is a lower-case DNS name, optionally starting with "*."', fix: 'use a host such as "shop.example.com"' });
  }
  const path = r.path ?? '/';
  if (!path.startsWith('/')) {
    throw invalidProp(scope, { prop: `${prop}.path`, value: path, problem: 'an Ingress path must start with "/"', fix: `write "/${path}"` });
  }
  if (r.className !== undefined && !isDnsLabel(r.className)) {
    throw invalidProp(scope, { prop: `${prop}.className`, value: r.className, problem: `an IngressClass name must be ${DNS_LABEL_RULE}`, fix: 'use the IngressClass name, e.g. "nginx"' });
  }
  return { host: r.host, path, pathType: r.pathType ?? HttpIngressPathType.PREFIX, className: r.className };
}

/** An Ingress name as the API server takes it. */
export function checkIngressName(scope: IConstruct, prop: string, name: unknown): string {
  if (typeof name !== 'string' || !isDnsLabel(name)) {
    throw invalidProp(scope, { prop, value: name, problem: `an Ingress name must be ${DNS_LABEL_RULE}`, fix: `use the name the Ingress has in the cluster, or leave ${prop} out` });
  }
  return name;
}

/** The manifest of an Ingress that sends one route to one Service port. */
export function ingressManifest(opts: {
  name: string;
  namespace?: string;
  labels: { [key: string]: string };
  annotations?: { [key: string]: string };
  route: ResolvedRoute;
  serviceName: string;
  servicePort: number;
  tlsSecretName?: string;
}): Complete<Ingress> {
  const { route } = opts;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: opts.name, namespace: opts.namespace, labels: opts.labels, annotations: opts.annotations },
    spec: {
      ingressClassName: route.className,
      rules: [{
        host: route.host,
        http: {
          paths: [{
            path: route.path,
            pathType: route.pathType,
            backend: { service: { name: opts.serviceName, port: { number: opts.servicePort } } },
          }],
        },
      }],
      tls: opts.tlsSecretName ? [{ hosts: [route.host], secretName: opts.tlsSecretName }] : undefined,
    },
  };
}
