import { App, Chart } from 'cdk8s';
import { Variant } from './variants';

/** How a variant's objects compare with ours. */
export interface Equivalence {
  readonly variant: string;
  /** Same YAML, byte for byte. */
  readonly identical: boolean;
  /** Same kinds and names in the same order. */
  readonly sameObjects: boolean;
  /** Leaves of our output missing or different in the variant's (must be empty). */
  readonly missing: string[];
  /** Leaves the variant writes that we do not, with the number of objects that have them. */
  readonly extra: Map<string, number>;
}

function synth(v: Variant, n: number): { yaml: string; docs: any[] } {
  const app = new App();
  const chart = new Chart(app, 'bench');
  v.build(chart, n);
  return { yaml: app.synthYaml(), docs: chart.toJson() };
}

function leaves(value: any, prefix: string, out: Map<string, any>): void {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((x, i) => [String(i), x] as const) : Object.entries(value);
    if (entries.length === 0) {
      out.set(prefix, JSON.stringify(value));
    }
    for (const [k, x] of entries) {
      leaves(x, prefix ? `${prefix}.${k}` : k, out);
    }
  } else {
    out.set(prefix, value);
  }
}

/**
 * Synthesizes `n` units with `reference` and with `other` and compares them: byte-identical,
 * or (for cdk8s-plus) every field we write is written with the same value, plus extra fields.
 */
export function compare(reference: Variant, other: Variant, n: number): Equivalence {
  const a = synth(reference, n);
  const b = synth(other, n);
  const key = (d: any) => `${d.kind}/${d.metadata?.name}`;
  const sameObjects = a.docs.length === b.docs.length && a.docs.every((d, i) => key(d) === key(b.docs[i]));
  const missing: string[] = [];
  const extra = new Map<string, number>();
  if (sameObjects) {
    a.docs.forEach((doc, i) => {
      const ours = new Map<string, any>();
      const theirs = new Map<string, any>();
      leaves(doc, '', ours);
      leaves(b.docs[i], '', theirs);
      for (const [p, v] of ours) {
        if (theirs.get(p) !== v) { missing.push(`${key(doc)} ${p}`); }
      }
      for (const p of theirs.keys()) {
        if (!ours.has(p)) {
          const general = `${doc.kind} ${p}`;
          extra.set(general, (extra.get(general) ?? 0) + 1);
        }
      }
    });
  }
  return {
    variant: other.name,
    identical: a.yaml === b.yaml,
    sameObjects,
    missing,
    extra,
  };
}
