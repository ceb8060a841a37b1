import { ApiObject, ApiObjectProps, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Job } from 'kubernetes-types/batch/v1';
import type { Service } from 'kubernetes-types/core/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { GrpcRoute, HttpRoute } from './gateway-api';

/**
 * The objects the library emits, each typed against the real API: Kubernetes 1.30 from
 * `kubernetes-types`, the Argo Rollouts and Prometheus operator CRDs from the types that
 * kubernetes-models generates from their CRD schemas (`crd.ts`). Render functions return these
 * types, so a misspelled or misplaced field is a compile error rather than a field the API server
 * drops.
 */

/**
 * A custom resource, as `KubeObject` takes it: its render function types it fully with `crd.ts`.
 * This file's declarations ship and are read by apps compiled with `tsc`, so it names no CRD
 * package (see `crd.ts`).
 */
export interface CustomResource {
  apiVersion: string;
  kind: string;
  metadata?: object;
  spec?: object;
}

/** Every kind of object the library writes. */
export type KubeManifest =
  | Deployment
  | PodDisruptionBudget
  | HorizontalPodAutoscaler
  | Service
  | Ingress
  | HttpRoute
  | GrpcRoute
  | Job
  | CustomResource;

/** A kind's manifest with `apiVersion` and `kind` required, as every emitted object has them. */
export type Complete<T extends KubeManifest> = T & { apiVersion: string; kind: string };

/**
 * The one way the library adds an object to the tree: an `ApiObject` built from a typed manifest
 * that also records whether anyone patched it through the escape hatch
 * (`ApiObject.of(x).addJsonPatch(...)`). Validations that only guard against patches can then
 * cost nothing when there are none.
 */
export class KubeObject extends ApiObject {
  private patched = false;

  constructor(scope: Construct, id: string, manifest: Complete<KubeManifest>) {
    super(scope, id, manifest as ApiObjectProps);
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /** True once a JSON patch has been added to the object. */
  public get isPatched(): boolean {
    return this.patched;
  }
}
