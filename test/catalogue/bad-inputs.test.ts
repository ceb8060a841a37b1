import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { BAD_INPUTS, renderTable } from './bad-inputs';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('bad-input catalogue', () => {
  test('has at least 40 distinct entries', () => {
    const keys = new Set(BAD_INPUTS.map(b => `${b.construct} ${b.prop} ${b.received}`));
    expect(keys.size).toBe(BAD_INPUTS.length);
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
  });

  test.each(BAD_INPUTS.map(b => [`${b.construct} ${b.prop} = ${b.received}`, b] as const))(
    'refuses %s with path, prop, value and fix, and writes no YAML', (_name, bad) => {
      const app = new App({ outdir: Testing.app().outdir });
      const chart = new Chart(app, 'catalogue');
      let yaml: string | undefined;
      const attempt = () => {
        bad.build(chart);
        yaml = app.synthYaml();
      };
      expect(attempt).toThrow(new RegExp(
        `^catalogue/subject: invalid '${escape(bad.prop)}' \\(received ${escape(bad.received)}\\): .+\\. Fix: .+\\.$`,
      ));
      expect(yaml).toBeUndefined();
    });

  test('docs/bad-inputs.md lists every entry', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'bad-inputs.md'), 'utf8');
    const table = doc.slice(doc.indexOf('| construct |'));
    // Regenerate with: npx ts-node --transpile-only -e "console.log(require('./test/catalogue/bad-inputs').renderTable())"
    expect(table.trim()).toBe(renderTable().trim());
  });
});
