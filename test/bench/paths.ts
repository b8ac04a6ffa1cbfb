// Where things are, wherever the bench code runs from (bundled under out/bench or compiled under
// out/test/bench).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'mlmodel-yaml') return dir;
    if (dirname(dir) === dir) throw new Error(`no mlmodel-yaml package.json above ${start}`);
  }
}

export const repoRoot = findRepoRoot(__dirname);
export const benchDir = join(repoRoot, 'test', 'bench');
/** The converted upstream schema set, committed; written by make-upstream-schema.ts. */
export const upstreamSchemaDir = join(benchDir, 'upstream-schema');
export const upstreamRootSchema = join(upstreamSchemaDir, 'api', 'data', 'createMlModel.json');
