import { Construct } from 'constructs';
import type { Ingress } from 'kubernetes-types/networking/v1';
import { checkIngressName, ingressManifest, ResolvedRoute, resolveRoute } from './_ingress';
import { CanarySplit, CanarySplitter, RoutePlan } from './_routing';
import type { CanaryHeaderOptions, StickySessionOptions } from './canary-routing';
import { IngressNginxRouteOptions } from './ingress-route';
import { invalidProp, wholeSeconds } from '../core/errors';
import { KubeObject } from '../core/kube';

/**
 * A canary through ingress-nginx: the main Ingress to the stable Service, and a canary Ingress
 * that repeats its host and path exactly, to the canary Service, with the controller's canary
 * annotations. Checked against what the controller accepts; see
 * https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary
 */

export const DEFAULT_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io';

// What ingress-nginx's annotation validation accepts; anything else is dropped with only a
// log line in the controller, so the canary would silently get no header traffic.
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const BASIC_CHARS = /^[A-Za-z0-9/._~:-]+$/;
const REGEX_CHARS = /^[A-Za-z0-9\-._~/:^$[\](){}*+?|&=\\]+$/;

/** Checks an annotation prefix as the controller's `--annotations-prefix` takes it. */
export function resolveAnnotationPrefix(scope: Construct, prop: string, prefix: string | undefined): string {
  const p = prefix ?? DEFAULT_ANNOTATION_PREFIX;
  if (typeof p !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(p)) {
    throw invalidProp(scope, { prop, value: p, problem: 'the prefix is a DNS subdomain without the trailing "/"', fix: "use the controller's --annotations-prefix, e.g. 'nginx.ingress.kubernetes.io'" });
  }
  return p;
}

/**
 * The annotations a user puts on the Ingress users enter through, refusing canary ones: with
 * them the controller reads that Ingress as a canary (or its admission webhook rejects it).
 */
export function checkMainAnnotations(scope: Construct, prop: string, prefix: string, annotations: { [key: string]: string } | undefined) {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (key.startsWith(`${prefix}/canary`)) {
      throw invalidProp(scope, {
        prop: `${prop}.annotations["${key}"]`,
        value,
        problem: 'canary annotations on the Ingress users enter through make the controller treat it as a canary (or reject it)',
        fix: `remove "${key}"; the router writes canary annotations on a canary Ingress of its own`,
      });
    }
  }
  return annotations;
}

/** A `Router.ingressNginx` route with its defaults settled and its options checked. */
export interface IngressNginxRoute {
  readonly route: ResolvedRoute;
  readonly prefix: string;
  /** The annotations of the Ingress users enter through, without canary ones. */
  readonly annotations?: { [key: string]: string };
}

/** Checks what a `Router.ingressNginx` route needs wherever it is used, canary or not. */
export function resolveIngressNginx(scope: Construct, prop: string, options: IngressNginxRouteOptions): IngressNginxRoute {
  const prefix = resolveAnnotationPrefix(scope, `${prop}.annotationPrefix`, options.annotationPrefix);
  const route = resolveRoute(scope, prop, { ...options, className: options.className ?? 'nginx' });
  return { route, prefix, annotations: checkMainAnnotations(scope, prop, prefix, options.annotations) };
}

/** The ingress-nginx canary splitter of a `Router.ingressNginx` route, for one construct. */
export class IngressNginxSplitter implements CanarySplitter {
  // The controller parses the canary-weight annotation as an integer and uses 0 when it cannot.
  public readonly badWeight = 'ingress-nginx treats it as 0';
  private readonly prefix: string;
  private readonly route: ResolvedRoute;
  private readonly annotations?: { [key: string]: string };

  constructor(private readonly scope: Construct, private readonly prop: string, private readonly options: IngressNginxRouteOptions) {
    ({ prefix: this.prefix, route: this.route, annotations: this.annotations } = resolveIngressNginx(scope, prop, options));
  }

  public weightTotal(total: number | undefined): number {
    if (total === undefined) { return 100; }
    if (!Number.isInteger(total) || total <= 100) {
      throw invalidProp(this.scope, {
        prop: 'weightTotal',
        value: total,
        problem: 'ingress-nginx ignores a weight total of 100 or less and counts out of 100, so the canary would get a different share than written',
        fix: 'leave weightTotal out for percentages, or use a whole number above 100 such as 1000 for 0.1 % steps',
      });
    }
    return total;
  }

  public plan(split: CanarySplit): RoutePlan {
    const mainName = checkIngressName(this.scope, `${this.prop}.name`, this.options.name ?? split.stable.name);
    const canaryName = checkIngressName(this.scope, `${this.prop}.canaryName`, this.options.canaryName ?? split.canary.name);
    if (mainName === canaryName) {
      throw invalidProp(this.scope, {
        prop: `${this.prop}.canaryName`,
        value: canaryName,
        problem: 'the canary needs its own Ingress: ingress-nginx reads an Ingress as either the main one or a canary',
        fix: `give the canary Ingress a name other than "${mainName}"`,
      });
    }
    const canaryAnnotations = this.canaryAnnotations(split);
    const mainAnnotations = this.mainAnnotations(split.app, split.sticky);
    const route = this.route;
    const scope = this.scope;
    return {
      kind: 'Ingress',
      mainName,
      canaryName,
      render: (into: Construct) => {
        const common = { namespace: split.namespace, labels: split.labels, route };
        const main = new KubeObject(into, 'MainIngress', ingressManifest({
          ...common,
          name: mainName,
          serviceName: split.stable.name,
          servicePort: split.stable.port,
          tlsSecretName: this.options.tlsSecretName,
          annotations: mainAnnotations,
        }));
        const canary = new KubeObject(into, 'Resource', ingressManifest({
          ...common, name: canaryName, serviceName: split.canary.name, servicePort: split.canary.port, annotations: canaryAnnotations,
        }));
        // Both Ingresses are written from one route, so they match unless someone patches them:
        // only then is there anything to compare (and the comparison renders both objects).
        scope.node.addValidation({
          validate: () => main.isPatched || canary.isPatched ? checkIngressesMatch(route, main, canary) : [],
        });
        return { main, canary };
      },
    };
  }

  private annotation(name: string): string {
    return `${this.prefix}/${name}`;
  }

  private canaryAnnotations(split: CanarySplit) {
    const a: { [key: string]: string } = {
      [this.annotation('canary')]: 'true',
      [this.annotation('canary-weight')]: String(split.weight),
    };
    if (split.weightTotal !== 100) { a[this.annotation('canary-weight-total')] = String(split.weightTotal); }
    if (split.header) { this.headerAnnotations(split.header, a); }
    if (split.cookie !== undefined) {
      if (!BASIC_CHARS.test(split.cookie)) {
        throw invalidProp(this.scope, { prop: 'cookie', value: split.cookie, problem: 'ingress-nginx drops cookie names with characters other than letters, digits and "/._~:-"', fix: 'use a name such as "canary"' });
      }
      a[this.annotation('canary-by-cookie')] = split.cookie;
    }
    if (split.sticky) { a[this.annotation('affinity-canary-behavior')] = 'sticky'; }
    return a;
  }

  private headerAnnotations(header: CanaryHeaderOptions, a: { [key: string]: string }) {
    if (typeof header.name !== 'string' || !HEADER_NAME.test(header.name)) {
      throw invalidProp(this.scope, { prop: 'header.name', value: header.name, problem: 'ingress-nginx accepts header names of letters, digits and "-" only (nginx drops "_" headers)', fix: 'use a name such as "X-Canary"' });
    }
    if (header.value !== undefined && header.pattern !== undefined) {
      throw invalidProp(this.scope, { prop: 'header.pattern', value: header.pattern, problem: 'the controller ignores the pattern when a value is set', fix: 'give either header.value or header.pattern' });
    }
    a[this.annotation('canary-by-header')] = header.name;
    if (header.value !== undefined) {
      if (!BASIC_CHARS.test(header.value)) {
        throw invalidProp(this.scope, { prop: 'header.value', value: header.value, problem: 'ingress-nginx drops header values with characters other than letters, digits and "/._~:-"', fix: 'use a value such as "canary", or header.pattern' });
      }
      a[this.annotation('canary-by-header-value')] = header.value;
    }
    if (header.pattern !== undefined) {
      this.checkPattern(header.pattern);
      a[this.annotation('canary-by-header-pattern')] = header.pattern;
    }
  }

  private checkPattern(pattern: string) {
    let compiles = true;
    try { new RegExp(pattern); } catch { compiles = false; }
    if (!compiles || !REGEX_CHARS.test(pattern)) {
      throw invalidProp(this.scope, {
        prop: 'header.pattern',
        value: pattern,
        problem: compiles ? 'ingress-nginx drops patterns with spaces or characters outside letters, digits and -._~/:^$[](){}*+?|&=\\' : 'the pattern is not a valid regular expression',
        fix: 'use a pattern such as "^(beta|canary)$"',
      });
    }
  }

  private mainAnnotations(app: string, sticky: StickySessionOptions | undefined) {
    const a: { [key: string]: string } = { ...this.annotations };
    if (sticky) {
      const cookieName = sticky.cookieName ?? `${app}-route`;
      if (!BASIC_CHARS.test(cookieName)) {
        throw invalidProp(this.scope, { prop: 'stickySessions.cookieName', value: cookieName, problem: 'a cookie name is letters, digits and "/._~:-"', fix: 'use a name such as "route"' });
      }
      a[this.annotation('affinity')] = 'cookie';
      a[this.annotation('session-cookie-name')] = cookieName;
      if (sticky.maxAge !== undefined) {
        const s = wholeSeconds(sticky.maxAge);
        if (s === undefined || s < 1) {
          throw invalidProp(this.scope, { prop: 'stickySessions.maxAge', value: sticky.maxAge, problem: 'the cookie lifetime is whole seconds of at least 1', fix: 'use Duration.hours(1)' });
        }
        a[this.annotation('session-cookie-max-age')] = String(s);
      }
    }
    return Object.keys(a).length > 0 ? a : undefined;
  }
}

/** The controller silently ignores a canary Ingress that does not match its main Ingress exactly. */
function checkIngressesMatch(route: ResolvedRoute, mainObject: KubeObject, canaryObject: KubeObject): string[] {
  const main: Ingress = mainObject.toJson();
  const canary: Ingress = canaryObject.toJson();
  const key = (ing: Ingress) => JSON.stringify({
    className: ing.spec?.ingressClassName,
    namespace: ing.metadata?.namespace,
    paths: ing.spec?.rules?.map(r => [r.host, r.http?.paths.map(p => [p.path, p.pathType])]),
  });
  if (key(main) !== key(canary)) {
    return [`the canary Ingress no longer matches the main Ingress (host ${route.host}, path ${route.path}, ${route.pathType}, class ${route.className}); ingress-nginx would ignore it. Patch both Ingresses alike`];
  }
  if (canary.spec?.tls) {
    return ['the canary Ingress has TLS, which ingress-nginx ignores; put TLS on the main Ingress (router tlsSecretName)'];
  }
  return [];
}
