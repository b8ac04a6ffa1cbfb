// Runs a TypeScript entry point of the bench: bundles test/bench/<entry>.ts with esbuild (the
// project's bundler) into out/bench/ and runs it. `node test/bench/run.mjs <entry> [args...]`.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
const source = join(import.meta.dirname, `${entry}.ts`);
if (!entry || !existsSync(source)) {
  console.error('usage: node test/bench/run.mjs <bench|make-upstream-schema|write-models> [args...]');
  process.exit(2);
}
const outfile = join(import.meta.dirname, '..', '..', 'out', 'bench', `${entry}.cjs`);
await esbuild.build({
  entryPoints: [source],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  packages: 'external',
  logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...args];
await import(pathToFileURL(outfile).href);
