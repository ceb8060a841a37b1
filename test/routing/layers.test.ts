import * as fs from 'fs';
import * as path from 'path';

/**
 * The folders form layers that only look down: core/ at the bottom, routing/ above it, then
 * rollout/ and traffic/. A type belongs to the lowest layer that needs it; an import that points
 * up makes the folders a circle.
 */
const SRC = path.join(__dirname, '..', '..', 'src');

function importsOf(folder: string): Array<{ file: string; target: string }> {
  return fs.readdirSync(path.join(SRC, folder)).filter(f => f.endsWith('.ts')).flatMap(file => {
    const text = fs.readFileSync(path.join(SRC, folder, file), 'utf8');
    return [...text.matchAll(/from '\.\.\/([a-z-]+)\//g)].map(m => ({ file: `${folder}/${file}`, target: m[1] }));
  });
}

describe('layers', () => {
  test('routing/ imports only core/', () => {
    expect(importsOf('routing').filter(i => i.target !== 'core')).toEqual([]);
  });

  test('core/ never imports routing/ or traffic/', () => {
    expect(importsOf('core').filter(i => i.target === 'routing' || i.target === 'traffic')).toEqual([]);
  });

  test('rollout/ never imports traffic/', () => {
    expect(importsOf('rollout').filter(i => i.target === 'traffic')).toEqual([]);
  });
});
