import { Construct } from 'constructs';
import type { CanaryHeaderOptions, StickySessionOptions } from './canary-routing';
import { KubeObject } from '../core/kube';

/**
 * The contract between the release constructs and the routers. A release says which Services
 * should get users' requests and in what share; a router checks what it can express and writes
 * its own objects. Nothing on the release side knows which router it has.
 */

/** A Service a route sends requests to. */
export interface Backend {
  readonly name: string;
  readonly port: number;
}

/** What every route carries: where it lives and how it is labelled. */
export interface RouteContext {
  readonly namespace?: string;
  readonly labels: { [key: string]: string };
}

/** All of the users' requests to one Service (a blue-green release's active Service). */
export interface SingleRoute extends RouteContext {
  readonly backend: Backend;
  /**
   * The Service callers address, when it is not `backend` (a blue-green release routed by
   * colour Services): a mesh route's parent.
   */
  readonly entry?: Backend;
}

/** Users' requests split between a stable and a canary Service. */
export interface CanarySplit extends RouteContext {
  /** The app name, the base of default names (the affinity cookie's). */
  readonly app: string;
  readonly stable: Backend;
  readonly canary: Backend;
  /** Share of requests to the canary, out of `weightTotal`, already checked against it. */
  readonly weight: number;
  readonly weightTotal: number;
  readonly header?: CanaryHeaderOptions;
  readonly cookie?: string;
  readonly sticky?: StickySessionOptions;
}

/** The objects a router wrote for a release. */
export interface RenderedRoutes {
  /** The object users' requests enter through. */
  readonly main: KubeObject;
  /** The object that sends the canary its share, when the router needs a separate one. */
  readonly canary?: KubeObject;
}

/**
 * A route checked in full and ready to write. Constructs plan their routes while they read
 * their props, so a refusal comes before any object exists, and render them last.
 */
export interface RoutePlan {
  /** The kind of the object users' requests enter through. */
  readonly kind: 'Ingress' | 'HTTPRoute' | 'GRPCRoute';
  /** Name of the object users' requests enter through. */
  readonly mainName: string;
  /** Name of the object that carries the canary's share, if separate. */
  readonly canaryName?: string;
  /**
   * Name of the Service a mesh route is attached to (GAMMA), which must then exist: callers
   * address it, and the mesh sends their requests on by the route.
   */
  readonly meshParent?: string;
  /** Writes the objects; `id` is the main object's construct id, when the release chooses it. */
  render(scope: Construct, id?: string): RenderedRoutes;
}

/** A router that can send a share of the requests to a canary. */
export interface CanarySplitter {
  /** What the router's controller or API does with a weight that is not a whole number in range, for refusals. */
  readonly badWeight: string;
  /** Settles what weights count out of, refusing totals the router would not honour. */
  weightTotal(total: number | undefined): number;
  /** Checks the split in full. */
  plan(split: CanarySplit): RoutePlan;
}
