import { Duration } from 'cdk8s';

/**
 * How an HTTPRoute matches the request path.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#pathmatchtype
 */
export enum GatewayPathMatch {
  /** The path and everything below it, element by element (`/api` matches `/api/v1`, not `/apiv1`). Core. */
  PATH_PREFIX = 'PathPrefix',
  /** Exactly this path. Core. */
  EXACT = 'Exact',
}

/**
 * A Gateway (or one of its listeners) the route attaches to. The Gateway routes only the routes
 * attached to it: change a parent and the Gateway that served the route answers 404.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference
 */
export interface GatewayParentOptions {
  /** Name of the Gateway. */
  readonly name: string;

  /**
   * Namespace of the Gateway. A Gateway in another namespace must allow routes from the route's
   * namespace (`allowedRoutes` on its listener).
   *
   * @default - the route's namespace
   */
  readonly namespace?: string;

  /**
   * The listener of the Gateway to attach to, by name.
   *
   * @default - every listener of the Gateway that accepts the route
   */
  readonly sectionName?: string;
}

/**
 * Headers a filter sets, adds or removes (RequestHeaderModifier, ResponseHeaderModifier; Core).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpheaderfilter
 */
export interface GatewayHeaderModifierOptions {
  /**
   * Headers to set, replacing any value the message has.
   *
   * @default - none
   */
  readonly set?: { [name: string]: string };

  /**
   * Headers to add to any value the message has.
   *
   * @default - none
   */
  readonly add?: { [name: string]: string };

  /**
   * Names of headers to remove.
   *
   * @default - none
   */
  readonly remove?: string[];
}

/**
 * A rewrite of the request before it reaches the backend (URLRewrite; Extended: check that your
 * implementation supports `HTTPRouteURLRewrite`).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpurlrewritefilter
 */
export interface GatewayUrlRewriteOptions {
  /**
   * The Host header the backend receives.
   *
   * @default - unchanged
   */
  readonly hostname?: string;

  /**
   * Replace the matched path prefix with this one (only with `GatewayPathMatch.PATH_PREFIX`).
   * Not together with `replaceFullPath`.
   *
   * @default - the path is unchanged
   */
  readonly replacePrefixMatch?: string;

  /**
   * Replace the whole path with this one. Not together with `replacePrefixMatch`.
   *
   * @default - the path is unchanged
   */
  readonly replaceFullPath?: string;
}

/**
 * A redirect answered by the Gateway for the route's host and path (RequestRedirect; Core).
 * It is written as a rule of its own, before the rule that sends requests to the app, matched by
 * `path`: a redirect rule sends no request to a backend.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprequestredirectfilter
 */
export interface GatewayRedirectOptions {
  /** The path prefix (under the route's hostnames) whose requests are redirected. */
  readonly path: string;

  /**
   * The scheme of the redirect target: "http" or "https".
   *
   * @default - the request's scheme
   */
  readonly scheme?: string;

  /**
   * The host of the redirect target.
   *
   * @default - the request's host
   */
  readonly hostname?: string;

  /**
   * The HTTP status code: 301 or 302.
   *
   * @default 302
   */
  readonly statusCode?: number;
}

/**
 * How long the Gateway waits (timeouts; Extended `HTTPRouteRequestTimeout` and
 * `HTTPRouteBackendTimeout`, Standard since v1.2).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts
 */
export interface GatewayTimeoutOptions {
  /**
   * From the request's arrival at the Gateway to the end of the response, retries included.
   *
   * @default - the implementation's default
   */
  readonly request?: Duration;

  /**
   * One request from the Gateway to a backend. At most `request`.
   *
   * @default - the implementation's default
   */
  readonly backendRequest?: Duration;
}

/**
 * A Gateway API route in front of a release: an HTTPRoute (or a GRPCRoute with
 * `Router.gatewayApiGrpc`) attached to your Gateway, or, for a mesh, to the Service itself.
 * Pass it to `Router.gatewayApi(...)`.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export interface GatewayApiRouteOptions {
  /**
   * The Gateways (or listeners) the route attaches to. Leave it out with `mesh: true`.
   *
   * @default - none: required unless `mesh` is true
   */
  readonly parentRefs?: GatewayParentOptions[];

  /**
   * Attach the route to the Service that callers inside the cluster address (GAMMA), so a
   * service mesh that implements Gateway API for east-west traffic (Istio, Linkerd, Cilium)
   * splits the requests of in-cluster callers as the route says. Not together with
   * `hostnames` (a mesh route matches on the Service, not on a host).
   *
   * @default false
   * @see https://gateway-api.sigs.k8s.io/mesh/
   */
  readonly mesh?: boolean;

  /**
   * The host names the route serves (`shop.example.com`, `*.example.com`).
   *
   * @default - every host of the listeners it attaches to
   */
  readonly hostnames?: string[];

  /**
   * The path the route serves (HTTPRoute only), starting with "/".
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * How `path` is matched.
   *
   * @default GatewayPathMatch.PATH_PREFIX
   */
  readonly pathMatch?: GatewayPathMatch;

  /**
   * Headers the Gateway sets, adds or removes on the request before it reaches the app.
   *
   * @default - none
   */
  readonly requestHeaders?: GatewayHeaderModifierOptions;

  /**
   * Headers the Gateway sets, adds or removes on the response.
   *
   * @default - none
   */
  readonly responseHeaders?: GatewayHeaderModifierOptions;

  /**
   * A rewrite of the request's host or path (HTTPRoute only).
   *
   * @default - no rewrite
   */
  readonly urlRewrite?: GatewayUrlRewriteOptions;

  /**
   * Redirects the Gateway answers itself (HTTPRoute only), each as a rule of its own.
   *
   * @default - none
   */
  readonly redirects?: GatewayRedirectOptions[];

  /**
   * Request and backend timeouts (HTTPRoute only).
   *
   * @default - the implementation's defaults
   */
  readonly timeouts?: GatewayTimeoutOptions;

  /**
   * Let a canary's `header.pattern` become a `RegularExpression` header match. Its syntax and
   * behaviour are implementation-specific (RE2 on Envoy, PCRE elsewhere), so a pattern is refused
   * unless you say here that your implementation reads it as you mean.
   *
   * @default false
   */
  readonly implementationSpecificRegex?: boolean;

  /**
   * Name of the route.
   *
   * @default - the name of the Service users' requests go to (the active Service, the stable one)
   */
  readonly name?: string;
}
