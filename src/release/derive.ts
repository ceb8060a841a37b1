import { IConstruct } from 'constructs';
import { ReleasePosition } from './position';
import { canarySizeFor, canaryStableRuns, canaryWeight } from './position-file';
import { invalidProp, Shown } from '../core/errors';
import { GitOpsEngine, ReleaseOrder } from '../gitops-engine';

/*
 * The props a position decides, derived for the construct that reads it. A prop the user also
 * wrote is accepted only when it says the same; one that contradicts the file is refused, since
 * `release next` edits the file and would silently not move the release.
 */

/** The canary props a position decides (a structural view of CanaryIngressProps). */
export interface CanaryPositionProps {
  readonly position?: ReleasePosition;
  readonly app: string;
  readonly stable: { readonly image: string };
  readonly canary: { readonly image: string };
  readonly weight?: number;
  readonly steps?: { readonly weight: number }[];
  readonly currentStep?: number;
  readonly sizeForWeight?: number;
  readonly weightTotal?: number;
  readonly stickySessions?: object;
  readonly header?: object;
  readonly cookie?: string;
  readonly stableFloor?: number;
  readonly autoscaling?: { readonly maxReplicas: number };
}

/** The blue-green props a position decides (a structural view of BlueGreenServiceProps). */
export interface BlueGreenPositionProps {
  readonly position?: ReleasePosition;
  readonly app: string;
  readonly active: string;
  readonly blue: { readonly image: string; readonly replicas?: number };
  readonly green: { readonly image: string; readonly replicas?: number };
}

/**
 * The position, refused where it is not this release's. That it is a ReleasePosition at all the
 * jsii prop checks (checkProps) have already made sure, from JavaScript too.
 */
function checkPosition(scope: IConstruct, position: ReleasePosition, kind: 'canary' | 'blue-green', app: string): ReleasePosition {
  if (position._data.kind !== kind) {
    throw invalidProp(scope, { prop: 'position', value: new Shown(`the ${position._data.kind} position in ${position.source}`), problem: `this release is a ${kind} release`, fix: `point it at a position file with "kind": "${kind}"` });
  }
  if (position._data.release !== app) {
    throw invalidProp(scope, { prop: 'position', value: new Shown(`the position of "${position._data.release}" in ${position.source}`), problem: `this release is "${app}"`, fix: `point it at the position file of "${app}", or set "release": "${app}" in ${position.source}` });
  }
  // `release next` merges commits only where the engine orders them itself; an app that orders
  // its objects for another engine (no waves, or Flux stages under Argo CD) would apply the
  // merged commit at once.
  const engine = position._data.engine;
  if (engine !== undefined) {
    const wanted = ENGINE_OF_NAME[engine];
    const chosen = ReleaseOrder.chosen(scope);
    if (chosen !== wanted) {
      throw invalidProp(scope, {
        prop: 'position',
        value: new Shown(`"engine": "${engine}" in ${position.source}`),
        problem: `"release next" merges the commits that ${engine === 'apply' ? 'no engine orders' : `${engine} orders itself`}, and this app ${chosen === undefined ? 'chooses no engine' : `orders its objects for ${chosen}`}`,
        fix: `call ReleaseOrder.use(app, GitOpsEngine.${wanted}) right after creating the App, or set "engine" in the file to the engine that applies this app`,
      });
    }
  }
  return position;
}

const ENGINE_OF_NAME: Readonly<Record<string, GitOpsEngine>> = { argocd: GitOpsEngine.ARGO_CD, flux: GitOpsEngine.FLUX, apply: GitOpsEngine.APPLY };

function contradiction(scope: IConstruct, position: ReleasePosition, prop: string, value: unknown, says: string): Error {
  return invalidProp(scope, {
    prop,
    value,
    problem: `the position file ${position.source} decides it (it says ${says}), and "release next" moves the release by editing that file`,
    fix: `remove ${prop}, or change the position file`,
  });
}

/** The canary props with the position's weight, sizing and images. */
export function canaryPropsFromPosition<P extends CanaryPositionProps>(scope: IConstruct, props: P): P {
  if (props.position === undefined) { return props; }
  const position = checkPosition(scope, props.position, 'canary', props.app);
  const p = position._data;
  if (p.kind !== 'canary') { return props; }
  const weight = canaryWeight(p);
  const sizeFor = canarySizeFor(p);
  const total = props.weightTotal ?? 100;
  const last = p.steps[p.steps.length - 1];
  if (last !== total) {
    throw invalidProp(scope, { prop: 'position', value: new Shown(`steps ${JSON.stringify(p.steps)} in ${position.source}`), problem: `the last step sends every request to the canary, the full weight of ${total}, before stable is rolled out to the candidate`, fix: `end "steps" with ${total}` });
  }
  if (props.steps !== undefined || props.currentStep !== undefined) {
    const prop = props.steps !== undefined ? 'steps' : 'currentStep';
    throw contradiction(scope, position, prop, (props as any)[prop], `steps ${JSON.stringify(p.steps)} at step ${p.step}`);
  }
  if (props.weight !== undefined && props.weight !== weight) { throw contradiction(scope, position, 'weight', props.weight, `weight ${weight}`); }
  if (props.sizeForWeight !== undefined && props.sizeForWeight !== sizeFor) {
    throw contradiction(scope, position, 'sizeForWeight', props.sizeForWeight, sizeFor === undefined ? 'no sizing ahead' : `sized for ${sizeFor}`);
  }
  const stableImage = `${p.image}:${canaryStableRuns(p)}`;
  const canaryImage = `${p.image}:${p.candidate}`;
  if (props.stable?.image !== undefined && props.stable.image !== stableImage) { throw contradiction(scope, position, 'stable.image', props.stable.image, stableImage); }
  if (props.canary?.image !== undefined && props.canary.image !== canaryImage) { throw contradiction(scope, position, 'canary.image', props.canary.image, canaryImage); }
  // A sticky canary keeps the users pinned to it for as long as it has pods (ingress-nginx
  // balancer.lua reads the affinity cookie before the weight), so the commit that sends users
  // back to stable (an abort, the promotion) parks it at 0 pods instead of keeping its size,
  // turns header and cookie routing off (they would keep one pod for testers, and every pinned
  // user on it), and holds stable's floor up for that commit (docs/canary-ingress.md).
  const parking = props.stickySessions !== undefined && ((p.phase === 'aborted' && p.step > 0) || p.phase === 'promoted');
  if (parking) {
    const floor = props.autoscaling?.maxReplicas;
    if (props.stableFloor !== undefined && props.stableFloor !== floor) {
      throw contradiction(scope, position, 'stableFloor', props.stableFloor, `a sticky canary parked at 0 pods (phase "${p.phase}"), with stable's floor held at autoscaling.maxReplicas`);
    }
    return {
      ...props,
      weight,
      sizeForWeight: undefined,
      header: undefined,
      cookie: undefined,
      stableFloor: floor,
      stable: { ...props.stable, image: stableImage },
      canary: { ...props.canary, image: canaryImage },
    };
  }
  return {
    ...props,
    weight,
    sizeForWeight: sizeFor,
    stable: { ...props.stable, image: stableImage },
    canary: { ...props.canary, image: canaryImage },
  };
}

/** The blue-green props with the position's active colour, images and retired colour. */
export function blueGreenPropsFromPosition<P extends BlueGreenPositionProps>(scope: IConstruct, props: P): P {
  if (props.position === undefined) { return props; }
  const position = checkPosition(scope, props.position, 'blue-green', props.app);
  const p = position._data;
  if (p.kind !== 'blue-green') { return props; }
  if (props.active !== undefined && props.active !== p.active) { throw contradiction(scope, position, 'active', props.active, `active ${p.active}`); }
  const idle = p.active === 'blue' ? 'green' : 'blue';
  const colour = (c: 'blue' | 'green') => {
    const image = `${p.image}:${p[c]}`;
    const given = props[c];
    if (given?.image !== undefined && given.image !== image) { throw contradiction(scope, position, `${c}.image`, given.image, image); }
    const retired = c === idle && p.phase === 'retired';
    if (retired && given?.replicas !== undefined && given.replicas !== 0) {
      throw contradiction(scope, position, `${c}.replicas`, given.replicas, `${c} is retired (phase "retired"): 0 pods`);
    }
    if (!retired && given?.replicas === 0) {
      throw contradiction(scope, position, `${c}.replicas`, 0, `${c} runs (phase "${p.phase}")`);
    }
    return { ...given, image, ...(retired ? { replicas: 0 } : {}) };
  };
  return { ...props, active: p.active, blue: colour('blue'), green: colour('green') };
}
