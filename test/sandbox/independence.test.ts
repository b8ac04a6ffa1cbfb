// The sandbox is what the product's predictions are checked against, so it must never reach the
// product's planner or version logic, not even through another module: every file it imports,
// transitively, is checked. (Pure data types from openmetadata/types.ts are fine.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const repo = join(__dirname, '..', '..', '..');
const sandboxDir = join(repo, 'server', 'src', 'sandbox');
const FORBIDDEN = [join(repo, 'server', 'src', 'publish') + '/', join(repo, 'server', 'src', 'openmetadata', 'versioning.ts')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The relative imports (`import … from './x'`, `export … from`, `import('./x')`) of a file, resolved to .ts files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.map((spec) => {
    const base = resolve(dirname(file), spec);
    const found = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    assert.ok(found, `${relative(repo, file)} imports ${spec}, which does not resolve`);
    return found;
  });
}

test('nothing the sandbox imports, directly or not, is the product\'s planner or version logic', () => {
  const seen = new Map<string, string>();
  const queue = sourceFiles(sandboxDir);
  for (const file of queue) seen.set(file, 'server/src/sandbox');
  while (queue.length) {
    const file = queue.pop()!;
    for (const imported of importsOf(file)) {
      const forbidden = FORBIDDEN.find((f) => (f.endsWith('/') ? imported.startsWith(f) : imported === f));
      assert.equal(forbidden, undefined, `${relative(repo, file)} imports ${relative(repo, imported)} (reached from ${seen.get(file)})`);
      if (!seen.has(imported)) {
        seen.set(imported, relative(repo, file));
        queue.push(imported);
      }
    }
  }
  assert.ok(seen.size > 40, `only ${seen.size} files walked`);
});
