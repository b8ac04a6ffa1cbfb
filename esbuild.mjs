// Bundles the shipped entry points. `node esbuild.mjs [--watch] [--dev]`.
// Production bundles are minified; sources stay out of the .vsix (see .vscodeignore).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev') || watch;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: dev ? 'inline' : false,
  minify: !dev,
  legalComments: 'none',
  define: { MLMODEL_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  // vscode-languageserver's deep imports resolve to their CJS builds.
  mainFields: ['module', 'main'],
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // dist/server.js is a small loader that runs dist/server-main.js from V8's code cache.
  { entryPoints: ['server/src/bootstrap.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The lineage view's webview script, with elkjs: a bundle of its own, loaded only when a view opens.
  {
    entryPoints: ['client/webview/lineage.ts'],
    outfile: 'dist/lineage.js',
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    // elkjs's own notice, which minification drops.
    banner: { js: '/* Includes elkjs (Eclipse Layout Kernel), https://github.com/kieler/elkjs, EPL-2.0 */' },
  },
];

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
}
