import * as fs from 'fs';
import * as path from 'path';

/** A block of docs/schema-migrations.md marked `<!-- refusal: name -->`: the text a user sees. */
export function documentedRefusal(name: string): string {
  const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'schema-migrations.md'), 'utf8');
  const m = new RegExp(`<!-- refusal: ${name} -->\\n\`\`\`\\n([\\s\\S]*?)\\n\`\`\``).exec(page);
  if (!m) { throw new Error(`docs/schema-migrations.md has no refusal block ${name}`); }
  return m[1];
}
