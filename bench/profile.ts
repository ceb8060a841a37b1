/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, and
 * self time per package. Used to find where synthesis time goes; see docs/performance.md.
 *
 *   npx ts-node --transpile-only -P bench/tsconfig.json bench/profile.ts <file.cpuprofile> [top]
 */
import * as fs from 'fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    const file = rest.slice(rest[0].startsWith('@') ? 2 : 1).join('/');
    return `${pkg}:${file}`;
  }
  const src = url.search(/\/(src|bench)\//);
  if (src >= 0) { return `cdk8s-zero-downtime:${url.slice(src + 1)}`; }
  return url || '(native)';
}

/** Functions whose inclusive time tells the phases of construction and `synthYaml()` apart. */
const PHASES: [string, RegExp][] = [
  ['construction (variant build function)', /^build\w+  cdk8s-zero-downtime:bench\//],
  ['synthYaml: Chart.toJson → App._synthChart (per chart: the whole App again)', /^_synthChart  cdk8s:lib\/app\.js/],
  ['synthYaml: resolveDependencies', /^resolveDependencies  cdk8s:lib\/app\.js/],
  ['synthYaml: validate', /^validate  cdk8s:lib\/app\.js/],
  ['synthYaml: Node.findAll (walks every construct of the App; inside resolveDependencies)', /^findAll  constructs:lib\/construct\.js/],
  ['synthYaml: chartToKube (dependency graph, topological order)', /^chartToKube  cdk8s:lib\/app\.js/],
  ['synthYaml: ApiObject.toJson', /^toJson  cdk8s:lib\/api-object\.js/],
  ['  of which resolve (App.of per value)', /^resolve  cdk8s:lib\/resolve\.js/],
  ['  of which sanitizeValue (sort keys, drop undefined)', /^sanitizeValue  cdk8s:lib\/_util\.js/],
  ['synthYaml: Yaml.stringify (yaml 2.x, one document per object)', /^stringify  cdk8s:lib\/yaml\.js/],
  ['garbage collector', /^\(garbage collector\)/],
];

/** A text summary of a `.cpuprofile` file. */
export function summariseProfile(file: string, top = 25): string {
  const lines: string[] = [];
  const profile: Profile = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);

  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const loc = where(f.url);
    const name = `${f.functionName || '(anonymous)'}  ${loc}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    const pkg = loc.split(':')[0];
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) { for (const c of n.children ?? []) { parent.set(c, n.id); } }
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}`;
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      seen.add(label(byId.get(cur)!));
    }
    for (const k of seen) { inclusive.set(k, (inclusive.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0)); }
  });

  const pct = (us: number) => `${(100 * us / total).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const println = (line: string) => lines.push(line);
  println(`sampled ${(total / 1000).toFixed(0)} ms\n\nself time by package:`);
  for (const [k, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    println(`${ms(us)} ${pct(us)}  ${k}`);
  }
  println(`\ntop ${top} functions by self time:`);
  for (const [k, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    println(`${ms(us)} ${pct(us)}  ${k}`);
  }
  println('\ninclusive time (self + callees) of the phases:');
  for (const [name, pattern] of PHASES) {
    const us = [...inclusive].filter(([k]) => pattern.test(k)).reduce((a, [, t]) => a + t, 0);
    println(`${ms(us)} ${pct(us)}  ${name}`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const [file, topArg] = process.argv.slice(2);
  console.log(summariseProfile(file, Number(topArg ?? 25)));
}
