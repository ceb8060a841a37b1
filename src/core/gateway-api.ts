/**
 * The Gateway API objects the library writes (gateway.networking.k8s.io/v1 HTTPRoute and
 * GRPCRoute), typed after the standard-channel CRDs of v1.2.1 to v1.6.1 as far as the library
 * fills them in (kubernetes-sigs/gateway-api apis/v1/httproute_types.go, grpcroute_types.go,
 * shared_types.go). Every field is written by name here, so a misspelled one is a compile error.
 */

export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface BackendRef {
  name: string;
  namespace?: string;
  port: number;
  weight?: number;
}

export interface HeaderMatch {
  type: 'Exact' | 'RegularExpression';
  name: string;
  value: string;
}

export interface HeaderFilter {
  set?: Array<{ name: string; value: string }>;
  add?: Array<{ name: string; value: string }>;
  remove?: string[];
}

export interface HttpRouteFilter {
  type: 'RequestHeaderModifier' | 'ResponseHeaderModifier' | 'URLRewrite' | 'RequestRedirect';
  requestHeaderModifier?: HeaderFilter;
  responseHeaderModifier?: HeaderFilter;
  urlRewrite?: {
    hostname?: string;
    path?: { type: 'ReplacePrefixMatch' | 'ReplaceFullPath'; replacePrefixMatch?: string; replaceFullPath?: string };
  };
  requestRedirect?: { scheme?: string; hostname?: string; statusCode?: number };
}

export interface HttpRouteRule {
  matches?: Array<{ path?: { type: 'PathPrefix' | 'Exact'; value: string }; headers?: HeaderMatch[] }>;
  filters?: HttpRouteFilter[];
  backendRefs?: BackendRef[];
  timeouts?: { request?: string; backendRequest?: string };
}

export interface GrpcRouteRule {
  matches?: Array<{ headers?: HeaderMatch[] }>;
  filters?: Array<{ type: 'RequestHeaderModifier' | 'ResponseHeaderModifier'; requestHeaderModifier?: HeaderFilter; responseHeaderModifier?: HeaderFilter }>;
  backendRefs?: BackendRef[];
}

interface RouteObject<K extends string, R> {
  apiVersion: 'gateway.networking.k8s.io/v1';
  kind: K;
  metadata: { name: string; namespace?: string; labels?: { [key: string]: string }; annotations?: { [key: string]: string } };
  spec: { parentRefs: ParentReference[]; hostnames?: string[]; rules: R[] };
}

export type HttpRoute = RouteObject<'HTTPRoute', HttpRouteRule>;
export type GrpcRoute = RouteObject<'GRPCRoute', GrpcRouteRule>;
