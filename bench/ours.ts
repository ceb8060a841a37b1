import { Construct } from 'constructs';
import { BlueGreenService, CanaryIngress, CanaryReplicas, Color, Probe, Router } from '../src';
import {
  BG_REPLICAS,
  blueGreenUnit,
  CANARY_HEADER,
  CANARY_WEIGHT,
  canaryUnit,
  CONTAINER_PORT,
  INGRESS_CLASS,
  READY_PATH,
  STABLE_REPLICAS,
} from './spec';

/** A state of every unit: which colour is live, how much traffic the canary gets. */
export interface UnitState {
  readonly active: Color;
  readonly weight: number;
}

/** The state the synthesis benchmark builds: blue live, the canary at `CANARY_WEIGHT`. */
export const SYNTH_STATE: UnitState = { active: Color.BLUE, weight: CANARY_WEIGHT };

/**
 * N BlueGreenServices and N CanaryIngresses built with this library: units `first` to
 * `first + n - 1`, in `state` (the checker benchmark builds two states of the same units).
 */
export function buildOurs(scope: Construct, n: number, first = 0, state: UnitState = SYNTH_STATE): void {
  for (let i = first; i < first + n; i++) {
    const bg = blueGreenUnit(i);
    new BlueGreenService(scope, `bg${i}`, {
      app: bg.app,
      active: state.active,
      blue: { image: bg.blueImage },
      green: { image: bg.greenImage },
      replicas: BG_REPLICAS,
      container: {
        port: CONTAINER_PORT,
        readiness: Probe.httpGet(READY_PATH),
      },
      router: Router.ingressNginx({ host: bg.host, className: INGRESS_CLASS }),
    });

    const c = canaryUnit(i);
    new CanaryIngress(scope, `canary${i}`, {
      app: c.app,
      router: Router.ingressNginx({ host: c.host, className: INGRESS_CLASS }),
      stable: { image: c.stableImage },
      canary: { image: c.canaryImage },
      weight: state.weight,
      header: { name: CANARY_HEADER },
      replicas: STABLE_REPLICAS,
      canaryReplicas: CanaryReplicas.proportional(),
      container: {
        port: CONTAINER_PORT,
        readiness: Probe.httpGet(READY_PATH),
      },
    });
  }
}
