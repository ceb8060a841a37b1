import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Backend, CanarySplit, CanarySplitter, RoutePlan, SingleRoute } from './_routing';
import { GatewayApiRouteOptions, GatewayHeaderModifierOptions, GatewayPathMatch } from './gateway-api-route';
import { invalidProp, Shown } from '../core/errors';
import { BackendRef, GrpcRoute, GrpcRouteRule, HeaderFilter, HeaderMatch, HttpRoute, HttpRouteFilter, HttpRouteRule, ParentReference } from '../core/gateway-api';
import { Complete, KubeObject } from '../core/kube';
import { DNS_LABEL_RULE, isDnsLabel } from '../core/names';

/**
 * Gateway API routes (gateway.networking.k8s.io/v1 HTTPRoute and GRPCRoute, standard channel,
 * v1.2.1 to v1.6.1). What is refused here is what the CRD schema or its CEL rules reject, or what
 * would fail under Gateway API's own semantics (kubernetes-sigs/gateway-api apis/v1
 * httproute_types.go, shared_types.go, v1.6.1):
 * - weights are relative (weight / sum of the rule's weights), at most 1,000,000 each; 0 sends
 *   nothing, and a rule whose weights are all 0 has nowhere to send its requests;
 * - a backend with no ready endpoints SHOULD get 503 for its share, with no fallback to the other
 *   backends (ingress-nginx falls back to the main backend): the canary needs Ready pods before
 *   its weight is above 0, which CanaryIngress already refuses;
 * - header match `Exact` is Core, `RegularExpression` implementation-specific; there is no cookie
 *   match, and session persistence is experimental.
 */

/** A route with its defaults settled and checked, shared by the single route and the canary split. */
interface ResolvedGatewayRoute {
  readonly grpc: boolean;
  readonly mesh: boolean;
  readonly parentRefs: ParentReference[];
  readonly hostnames?: string[];
  readonly path: string;
  readonly pathMatch: GatewayPathMatch;
  readonly filters: HttpRouteFilter[];
  readonly redirects: HttpRouteRule[];
  readonly timeouts?: { request?: string; backendRequest?: string };
  readonly regex: boolean;
}

// gateway-api apis/v1/shared_types.go: Hostname, SectionName, HTTPHeaderName.
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECTION_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
/** The largest weight the CRD accepts (BackendRef.weight maximum). */
export const MAX_GATEWAY_WEIGHT = 1000000;

/** Checks a `Router.gatewayApi` / `Router.gatewayApiGrpc` route wherever it is used. */
export function resolveGatewayRoute(scope: IConstruct, prop: string, o: GatewayApiRouteOptions, grpc: boolean): ResolvedGatewayRoute {
  const mesh = o.mesh ?? false;
  const parentRefs = (o.parentRefs ?? []).map((p, i) => checkParent(scope, `${prop}.parentRefs[${i}]`, p));
  if (!mesh && parentRefs.length === 0) {
    throw invalidProp(scope, {
      prop: `${prop}.parentRefs`,
      value: o.parentRefs,
      problem: 'a route no Gateway accepts is served by nothing: every request to its host gets 404',
      fix: `name your Gateway: ${prop}: Router.gatewayApi({ parentRefs: [{ name: 'public', namespace: 'gateway' }], ... }), or set mesh: true for callers inside the cluster`,
    });
  }
  if (mesh && parentRefs.length > 0) {
    throw invalidProp(scope, {
      prop: `${prop}.parentRefs`,
      value: o.parentRefs,
      problem: 'a route attached to both a Gateway and a Service is implementation-specific in Gateway API\'s mesh support (GAMMA); one mesh splits both, another ignores the route',
      fix: 'use mesh: true for the callers inside the cluster, or parentRefs for users at the edge',
    });
  }
  if (parentRefs.length > 32) {
    throw invalidProp(scope, { prop: `${prop}.parentRefs`, value: new Shown(`${parentRefs.length} parents`), problem: 'a route has at most 32 parentRefs', fix: 'attach the route to fewer Gateways' });
  }
  const hostnames = o.hostnames === undefined ? undefined : o.hostnames.map((h, i) => checkHostname(scope, `${prop}.hostnames[${i}]`, h));
  if (hostnames !== undefined && mesh) {
    throw invalidProp(scope, { prop: `${prop}.hostnames`, value: o.hostnames, problem: 'a mesh route is matched by the Service callers address, and GAMMA meshes ignore or reject its hostnames', fix: 'remove hostnames, or attach the route to a Gateway with parentRefs' });
  }
  if (hostnames !== undefined && (hostnames.length === 0 || hostnames.length > 16)) {
    throw invalidProp(scope, { prop: `${prop}.hostnames`, value: o.hostnames, problem: 'a route lists 1 to 16 host names', fix: 'leave hostnames out to serve every host of the Gateway\'s listeners, or list up to 16' });
  }
  const grpcOnly = (name: string, value: unknown) => {
    if (grpc && value !== undefined) {
      throw invalidProp(scope, { prop: `${prop}.${name}`, value, problem: 'a GRPCRoute matches gRPC services and methods, not paths, and has no such filter or timeout in the standard channel', fix: `remove ${name}, or use Router.gatewayApi(...) for HTTP` });
    }
  };
  grpcOnly('path', o.path);
  grpcOnly('pathMatch', o.pathMatch);
  grpcOnly('urlRewrite', o.urlRewrite);
  grpcOnly('redirects', o.redirects);
  grpcOnly('timeouts', o.timeouts);
  const path = checkPath(scope, `${prop}.path`, o.path ?? '/');
  const pathMatch = o.pathMatch ?? GatewayPathMatch.PATH_PREFIX;
  const filters: HttpRouteFilter[] = [];
  const requestHeaderModifier = headerFilter(scope, `${prop}.requestHeaders`, o.requestHeaders);
  if (requestHeaderModifier) { filters.push({ type: 'RequestHeaderModifier', requestHeaderModifier }); }
  const responseHeaderModifier = headerFilter(scope, `${prop}.responseHeaders`, o.responseHeaders);
  if (responseHeaderModifier) { filters.push({ type: 'ResponseHeaderModifier', responseHeaderModifier }); }
  if (o.urlRewrite) {
    const u = o.urlRewrite;
    if (u.replacePrefixMatch !== undefined && u.replaceFullPath !== undefined) {
      throw invalidProp(scope, { prop: `${prop}.urlRewrite.replaceFullPath`, value: u.replaceFullPath, problem: 'a rewrite replaces either the matched prefix or the whole path', fix: 'give replacePrefixMatch or replaceFullPath' });
    }
    if (u.replacePrefixMatch !== undefined && pathMatch !== GatewayPathMatch.PATH_PREFIX) {
      // httproute_types.go CEL: ReplacePrefixMatch only with a PathPrefix match.
      throw invalidProp(scope, { prop: `${prop}.urlRewrite.replacePrefixMatch`, value: u.replacePrefixMatch, problem: 'a prefix is replaced only on a PathPrefix match, and the API server rejects it on an Exact one', fix: 'use replaceFullPath, or pathMatch: GatewayPathMatch.PATH_PREFIX' });
    }
    if (u.hostname !== undefined) { checkHostname(scope, `${prop}.urlRewrite.hostname`, u.hostname, false); }
    const replacement = u.replacePrefixMatch ?? u.replaceFullPath;
    if (replacement !== undefined) { checkPath(scope, `${prop}.urlRewrite.${u.replacePrefixMatch !== undefined ? 'replacePrefixMatch' : 'replaceFullPath'}`, replacement); }
    filters.push({
      type: 'URLRewrite',
      urlRewrite: {
        hostname: u.hostname,
        path: u.replacePrefixMatch !== undefined ? { type: 'ReplacePrefixMatch', replacePrefixMatch: u.replacePrefixMatch }
          : u.replaceFullPath !== undefined ? { type: 'ReplaceFullPath', replaceFullPath: u.replaceFullPath } : undefined,
      },
    });
  }
  const redirects = (o.redirects ?? []).map((r, i): HttpRouteRule => {
    const at = `${prop}.redirects[${i}]`;
    checkPath(scope, `${at}.path`, r.path);
    if (r.scheme !== undefined && r.scheme !== 'http' && r.scheme !== 'https') {
      throw invalidProp(scope, { prop: `${at}.scheme`, value: r.scheme, problem: 'a redirect\'s scheme is "http" or "https"', fix: 'write scheme: "https"' });
    }
    if (r.statusCode !== undefined && r.statusCode !== 301 && r.statusCode !== 302) {
      throw invalidProp(scope, { prop: `${at}.statusCode`, value: r.statusCode, problem: 'Gateway API redirects with 301 or 302', fix: 'write statusCode: 301 for a permanent redirect, or leave it out for 302' });
    }
    if (r.hostname !== undefined) { checkHostname(scope, `${at}.hostname`, r.hostname, false); }
    if (pathMatch === GatewayPathMatch.PATH_PREFIX && r.path === path) {
      // HTTPRouteSpec.rules (v1.6.1 CRD description): among equally specific matches within one
      // route the FIRST rule in list order wins, and the redirect rule comes first: no request
      // would reach the app.
      throw invalidProp(scope, { prop: `${at}.path`, value: r.path, problem: 'the redirect matches every request the route sends to the app, so none would reach it', fix: 'redirect a path below or beside the route\'s path, or redirect HTTP to HTTPS with a route of its own on the Gateway\'s HTTP listener' });
    }
    return {
      matches: [{ path: { type: 'PathPrefix', value: r.path } }],
      filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: r.scheme, hostname: r.hostname, statusCode: r.statusCode } }],
    };
  });
  return {
    grpc,
    mesh,
    parentRefs,
    hostnames,
    path,
    pathMatch,
    filters,
    redirects,
    timeouts: o.timeouts && resolveTimeouts(scope, `${prop}.timeouts`, o.timeouts.request, o.timeouts.backendRequest),
    regex: o.implementationSpecificRegex ?? false,
  };
}

function checkParent(scope: IConstruct, at: string, p: { name: string; namespace?: string; sectionName?: string }): ParentReference {
  if (typeof p?.name !== 'string' || p.name.length === 0 || p.name.length > 253) {
    throw invalidProp(scope, { prop: `${at}.name`, value: p?.name, problem: 'a parentRef names its Gateway (1 to 253 characters)', fix: 'give the Gateway\'s name, e.g. "public"' });
  }
  if (p.namespace !== undefined && !isDnsLabel(p.namespace)) {
    throw invalidProp(scope, { prop: `${at}.namespace`, value: p.namespace, problem: `a namespace must be ${DNS_LABEL_RULE}`, fix: 'give the Gateway\'s namespace, or leave it out for the route\'s own' });
  }
  if (p.sectionName !== undefined && (p.sectionName.length > 253 || !SECTION_NAME.test(p.sectionName))) {
    throw invalidProp(scope, { prop: `${at}.sectionName`, value: p.sectionName, problem: 'a listener name is a lower-case DNS subdomain', fix: 'give the listener\'s name as the Gateway writes it, e.g. "https"' });
  }
  return { name: p.name, namespace: p.namespace, sectionName: p.sectionName };
}

function checkHostname(scope: IConstruct, at: string, h: string, wildcard = true): string {
  if (typeof h !== 'string' || h.length > 253 || !HOSTNAME.test(h) || (!wildcard && h.startsWith('*.'))) {
    throw invalidProp(scope, { prop: at, value: h, problem: `a host name is a lower-case DNS name${wildcard ? ', optionally starting with "*."' : ''}`, fix: 'use a host such as "shop.example.com"' });
  }
  return h;
}

/** A path as the HTTPRoute CEL rules take it (httproute_types.go HTTPPathMatch validations). */
function checkPath(scope: IConstruct, at: string, path: string): string {
  const problem = typeof path !== 'string' || !path.startsWith('/') ? 'a path starts with "/"'
    : path.length > 1024 ? 'a path has at most 1024 characters'
      : /\/\/|\/\.\/|\/\.\.\/|%2f|%2F|#/.test(path) || /\/\.\.?$/.test(path) ? 'the API server rejects paths with "//", "/./", "/../", "%2f", "#" or a trailing "/." or "/.."'
        : undefined;
  if (problem) {
    throw invalidProp(scope, { prop: at, value: path, problem, fix: 'write a plain path such as "/api"' });
  }
  return path;
}

function checkHeaderName(scope: IConstruct, at: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 256 || !HEADER_NAME.test(name)) {
    throw invalidProp(scope, { prop: at, value: name, problem: 'a header name is 1 to 256 letters, digits and !#$%&\'*+-.^_`|~', fix: 'use a name such as "X-Canary"' });
  }
  return name;
}

function headerFilter(scope: IConstruct, at: string, h: GatewayHeaderModifierOptions | undefined): HeaderFilter | undefined {
  if (h === undefined) { return undefined; }
  const pairs = (which: 'set' | 'add') => {
    const entries = Object.entries(h[which] ?? {});
    for (const [name, value] of entries) {
      checkHeaderName(scope, `${at}.${which}["${name}"]`, name);
      if (typeof value !== 'string' || value.length === 0 || value.length > 4096) {
        throw invalidProp(scope, { prop: `${at}.${which}["${name}"]`, value, problem: 'a header value is 1 to 4096 characters', fix: 'give a value, or use remove to drop the header' });
      }
    }
    // Sorted, so that the output does not depend on the order the options were written in.
    return entries.length === 0 ? undefined : entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => ({ name, value }));
  };
  const remove = h.remove === undefined || h.remove.length === 0 ? undefined : h.remove.map((n, i) => checkHeaderName(scope, `${at}.remove[${i}]`, n));
  const all = [...Object.keys(h.set ?? {}), ...Object.keys(h.add ?? {}), ...(remove ?? [])].map(n => n.toLowerCase());
  const twice = all.find((n, i) => all.indexOf(n) !== i);
  if (twice !== undefined) {
    // httproute_types.go: header names in set, add and remove are case-insensitive and unique.
    throw invalidProp(scope, { prop: at, value: h, problem: `the header "${twice}" is named twice (names are case-insensitive), which the API server rejects`, fix: 'name each header once, in set, add or remove' });
  }
  const filter = { set: pairs('set'), add: pairs('add'), remove };
  return filter.set || filter.add || filter.remove ? filter : undefined;
}

/** Gateway API durations (GEP-2257): up to four groups of 1 to 5 digits with h, m, s or ms. */
function gatewayDuration(scope: IConstruct, at: string, d: Duration): string {
  const ms = d.toMilliseconds();
  const text = ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
  if (!Number.isInteger(ms) || ms <= 0 || !/^([0-9]{1,5}(h|m|s|ms)){1,4}$/.test(text)) {
    throw invalidProp(scope, { prop: at, value: d, problem: 'a Gateway API timeout is whole milliseconds above 0, up to 99999 seconds', fix: 'use Duration.seconds(30)' });
  }
  return text;
}

function resolveTimeouts(scope: IConstruct, at: string, request: Duration | undefined, backend: Duration | undefined) {
  const t = {
    request: request === undefined ? undefined : gatewayDuration(scope, `${at}.request`, request),
    backendRequest: backend === undefined ? undefined : gatewayDuration(scope, `${at}.backendRequest`, backend),
  };
  if (request && backend && backend.toMilliseconds() > request.toMilliseconds()) {
    // httproute_types.go CEL: "backendRequest timeout cannot be longer than request timeout".
    throw invalidProp(scope, { prop: `${at}.backendRequest`, value: backend, problem: `a backend request is part of the request, and the request timeout is ${t.request}`, fix: `set backendRequest to ${t.request} or less` });
  }
  return t.request || t.backendRequest ? t : undefined;
}

/** A route name as the API server takes it. */
export function checkRouteName(scope: IConstruct, prop: string, name: unknown): string {
  if (typeof name !== 'string' || !isDnsLabel(name)) {
    throw invalidProp(scope, { prop, value: name, problem: `a route name must be ${DNS_LABEL_RULE}`, fix: `use the name the route has in the cluster, or leave ${prop} out` });
  }
  return name;
}

interface RouteMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: { [key: string]: string };
  /** The Service callers address: a mesh route's parent. */
  readonly entry: Backend;
}

/** A weighted backend of a rule; `weight` undefined writes none (the default 1, all of it). */
interface WeightedBackend extends Backend { readonly weight?: number }

function ref(b: WeightedBackend): BackendRef {
  return { name: b.name, port: b.port, weight: b.weight };
}

/** The manifest of a route: the user's redirects, an optional header rule, then the rule to the app. */
function routeManifest(
  r: ResolvedGatewayRoute, meta: RouteMeta, backends: WeightedBackend[], header?: { match: HeaderMatch; to: Backend },
): Complete<HttpRoute> | Complete<GrpcRoute> {
  const parentRefs: ParentReference[] = r.mesh
    // GAMMA: a Service parent (group "" and kind Service), on the port callers use.
    ? [{ group: '', kind: 'Service', name: meta.entry.name, port: meta.entry.port }]
    : r.parentRefs;
  const metadata = { name: meta.name, namespace: meta.namespace, labels: meta.labels };
  if (r.grpc) {
    const filters = r.filters.length > 0 ? r.filters as GrpcRouteRule['filters'] : undefined;
    const rules: GrpcRouteRule[] = [];
    if (header) { rules.push({ matches: [{ headers: [header.match] }], filters, backendRefs: [ref(header.to)] }); }
    rules.push({ filters, backendRefs: backends.map(ref) });
    return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', metadata, spec: { parentRefs, hostnames: r.hostnames, rules } };
  }
  const filters = r.filters.length > 0 ? r.filters : undefined;
  const path = { type: r.pathMatch, value: r.path };
  const rules: HttpRouteRule[] = [...r.redirects];
  if (header) {
    rules.push({ matches: [{ path, headers: [header.match] }], filters, backendRefs: [ref(header.to)], timeouts: r.timeouts });
  }
  rules.push({ matches: [{ path }], filters, backendRefs: backends.map(ref), timeouts: r.timeouts });
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata, spec: { parentRefs, hostnames: r.hostnames, rules } };
}

/** All of the users' requests to one Service, as one route with one backendRef. */
export function planGatewaySingle(scope: Construct, prop: string, o: GatewayApiRouteOptions, grpc: boolean, target: SingleRoute): RoutePlan {
  const r = resolveGatewayRoute(scope, prop, o, grpc);
  const entry = target.entry ?? target.backend;
  const name = checkRouteName(scope, `${prop}.name`, o.name ?? entry.name);
  return {
    kind: r.grpc ? 'GRPCRoute' : 'HTTPRoute',
    mainName: name,
    meshParent: r.mesh ? entry.name : undefined,
    render: (into: Construct, id?: string) => ({
      main: new KubeObject(into, id ?? 'Route', routeManifest(r, { name, namespace: target.namespace, labels: target.labels, entry }, [target.backend])),
    }),
  };
}

/** The Gateway API canary splitter: one route whose rule weighs the stable and canary Services. */
export class GatewaySplitter implements CanarySplitter {
  // HTTPRoute and GRPCRoute backendRef weights are int32 from 0 to 1,000,000 in the CRD schema.
  public readonly badWeight = 'the API server refuses a backendRef weight that is not a whole number from 0 to 1,000,000';
  private readonly route: ResolvedGatewayRoute;

  constructor(private readonly scope: Construct, private readonly prop: string, private readonly options: GatewayApiRouteOptions, grpc: boolean) {
    this.route = resolveGatewayRoute(scope, prop, options, grpc);
  }

  public weightTotal(total: number | undefined): number {
    if (total === undefined) { return 100; }
    if (!Number.isInteger(total) || total < 1 || total > MAX_GATEWAY_WEIGHT) {
      throw invalidProp(this.scope, {
        prop: 'weightTotal',
        value: total,
        problem: `backendRef weights are whole numbers up to ${MAX_GATEWAY_WEIGHT}, and the weights of a rule share what they add up to`,
        fix: 'leave weightTotal out for percentages, or use a whole number such as 1000 for 0.1 % steps',
      });
    }
    return total;
  }

  public plan(split: CanarySplit): RoutePlan {
    const scope = this.scope;
    if (split.cookie !== undefined) {
      throw invalidProp(scope, {
        prop: 'cookie',
        value: split.cookie,
        problem: 'Gateway API has no cookie match (ingress-nginx\'s canary-by-cookie has no Core or Extended counterpart, and ingress2gateway does not convert it)',
        fix: 'route testers with header: { name: "X-Canary", value: "always" } instead, and remove cookie',
      });
    }
    if (split.sticky !== undefined) {
      throw invalidProp(scope, {
        prop: 'stickySessions',
        value: split.sticky,
        problem: 'session persistence is experimental in Gateway API v1.6.1 (sessionPersistence) and not in the standard channel this router writes; without it each request is weighed on its own',
        fix: 'remove stickySessions, or stay on Router.ingressNginx(...) for sticky canaries (docs/routers.md)',
      });
    }
    const header = split.header && this.headerMatch(split.header);
    const name = checkRouteName(scope, `${this.prop}.name`, this.options.name ?? split.stable.name);
    // The two weights add up to weightTotal (at least 1): never all 0, which would leave the
    // rule's requests nowhere to go.
    const stableWeight = split.weightTotal - split.weight;
    const r = this.route;
    return {
      kind: r.grpc ? 'GRPCRoute' : 'HTTPRoute',
      mainName: name,
      meshParent: r.mesh ? split.stable.name : undefined,
      render: (into: Construct) => ({
        // The route is the construct's default child, as the canary Ingress is with ingress-nginx.
        main: new KubeObject(into, 'Resource', routeManifest(r, { name, namespace: split.namespace, labels: split.labels, entry: split.stable }, [
          // Both backendRefs are always written, the canary's at weight 0 too, so a step changes
          // only the two weight lines.
          { ...split.stable, weight: stableWeight },
          { ...split.canary, weight: split.weight },
        ], header && { match: header, to: split.canary })),
      }),
    };
  }

  private headerMatch(h: { name: string; value?: string; pattern?: string }): HeaderMatch {
    const name = checkHeaderName(this.scope, 'header.name', h.name);
    if (h.value !== undefined && h.pattern !== undefined) {
      throw invalidProp(this.scope, { prop: 'header.pattern', value: h.pattern, problem: 'a header match has either a value or a pattern', fix: 'give either header.value or header.pattern' });
    }
    if (h.pattern !== undefined) {
      if (!this.route.regex) {
        throw invalidProp(this.scope, {
          prop: 'header.pattern',
          value: h.pattern,
          problem: 'a RegularExpression header match is implementation-specific in Gateway API (its syntax and anchoring differ between Envoy, NGINX and others); only Exact is Core',
          fix: `give header.value for an Exact match, or set implementationSpecificRegex: true in ${this.prop} once your implementation reads the pattern as you mean`,
        });
      }
      if (h.pattern.length === 0 || h.pattern.length > 4096) {
        throw invalidProp(this.scope, { prop: 'header.pattern', value: h.pattern, problem: 'a header pattern is 1 to 4096 characters', fix: 'use a pattern such as "^(beta|canary)$"' });
      }
      return { type: 'RegularExpression', name, value: h.pattern };
    }
    if (h.value === undefined) {
      throw invalidProp(this.scope, {
        prop: 'header.value',
        value: undefined,
        problem: 'Gateway API matches a header by its value: ingress-nginx\'s "always" and "never" have no counterpart, and requests that do not match are split by the weight (there is no "never")',
        fix: 'give header.value, e.g. header: { name: "X-Canary", value: "always" }',
      });
    }
    if (h.value.length === 0 || h.value.length > 4096) {
      throw invalidProp(this.scope, { prop: 'header.value', value: h.value, problem: 'a header value is 1 to 4096 characters', fix: 'use a value such as "always"' });
    }
    return { type: 'Exact', name, value: h.value };
  }
}
