/**
 * A line diff of two YAML texts, as a reviewer sees it in a GitOps pull request: only changed
 * lines, with the line number. It pairs lines by position, so it is exact only when both texts
 * have the same number of lines; otherwise it says so in its first line.
 */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) {
    return [`line count changed: ${a.length} -> ${b.length}`];
  }
  const out: string[] = [];
  a.forEach((line, i) => {
    if (line !== b[i]) { out.push(`@@ line ${i + 1} @@`, `-${line}`, `+${b[i]}`); }
  });
  return out;
}

/** The `kind name` of the YAML document that contains the given 1-based line. */
export function documentAt(yaml: string, lineNumber: number): string {
  const lines = yaml.split('\n').slice(0, lineNumber);
  const start = lines.lastIndexOf('---') + 1;
  const doc = lines.slice(start);
  const kind = doc.find(l => l.startsWith('kind: '))?.slice(6);
  const fullDoc = yaml.split('\n').slice(start);
  const nameLine = fullDoc.findIndex(l => l.startsWith('  name: '));
  return `${kind} ${nameLine >= 0 ? fullDoc[nameLine].slice(8) : '?'}`;
}
