import { Construct } from 'constructs';
import { buildL1 } from './l1';
import { buildOurs } from './ours';
import { buildPlus } from './plus';
import { buildRaw } from './raw';

/** A way of writing the benchmark's objects. */
export interface Variant {
  readonly name: string;
  readonly description: string;
  /** Builds units `first` to `first + n - 1` in `scope`; the index names the objects, so it must be unique per App. */
  readonly build: (scope: Construct, n: number, first?: number) => void;
}

export const VARIANTS: Variant[] = [
  {
    name: 'ours',
    description: 'BlueGreenService + CanaryIngress (this library)',
    build: buildOurs,
  },
  {
    name: 'raw',
    description: 'new ApiObject(...) with literal JSON',
    build: buildRaw,
  },
  {
    name: 'l1',
    description: 'kplus.k8s.Kube* generated classes',
    build: buildL1,
  },
  {
    name: 'plus',
    description: 'cdk8s-plus-33 Deployment/Service/Ingress (+ KubePodDisruptionBudget)',
    build: buildPlus,
  },
];

export function variant(name: string): Variant {
  const v = VARIANTS.find(x => x.name === name);
  if (!v) {
    throw new Error(`unknown variant "${name}"; known: ${VARIANTS.map(x => x.name).join(', ')}`);
  }
  return v;
}
