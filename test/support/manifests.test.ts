import { validateManifest } from './manifests';

// The validator is what every other test relies on: prove it rejects what the API server would.
describe('validateManifest', () => {
  const deployment = () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1' }] } },
    },
  });

  test('accepts a valid Deployment', () => {
    expect(() => validateManifest(deployment())).not.toThrow();
  });

  test('fails if a field has the wrong type', () => {
    const d: any = deployment();
    d.spec.replicas = 'three';
    expect(() => validateManifest(d)).toThrow(/Deployment api does not validate.*replicas must be integer/);
  });

  test('fails if the selector is empty', () => {
    const d: any = deployment();
    d.spec.selector.matchLabels = {};
    expect(() => validateManifest(d)).toThrow(/empty selector/);
  });

  test('fails if the selector does not match the pod labels', () => {
    const d: any = deployment();
    d.spec.template.metadata.labels = { app: 'other' };
    expect(() => validateManifest(d)).toThrow(/selector app=api does not match/);
  });

  test('fails on a kind it has no schema for', () => {
    expect(() => validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toThrow(/Cannot find module/);
  });
});
