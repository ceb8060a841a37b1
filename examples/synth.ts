import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { EXAMPLES, LAYOUTS } from './apps';

// The main job: one folder of YAML per example app, one file per chart unless LAYOUTS says otherwise.
for (const [name, build] of Object.entries(EXAMPLES)) {
  const outdir = path.join(__dirname, '..', 'dist', 'examples', name);
  const app = new App({ outdir, yamlOutputType: LAYOUTS[name] ?? YamlOutputType.FILE_PER_CHART });
  build(app);
  app.synth();
  console.log(`synthesized ${name} -> ${path.relative(process.cwd(), outdir)}`);
}
