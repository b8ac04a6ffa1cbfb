// `npm run prepare`: npm runs it when it installs this package from git (as pre-commit installs the
// mlmodel-validate hook: `npm install -g git+file://…`), to build the bundles the package's `bin`
// points at (dist/ is not in git). Also after `npm ci` / `npm install` here, where it builds too.
//
// Installed from git globally, npm prepares the clone with an `npm install` that inherits
// `npm_config_global=true` from the outer command, so the clone's devDependencies (esbuild) are
// never installed in it and the build cannot run: they are installed here first, locally.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = new URL('../..', import.meta.url);
const run = (command, args, env = process.env) => {
  const done = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (done.status !== 0) process.exit(done.status ?? 1);
};

try {
  createRequire(new URL('package.json', root)).resolve('esbuild');
} catch {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(global|prefix|location)$/i.test(key)));
  run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--include=dev', '--ignore-scripts', '--location=project'], env);
}
run(process.execPath, ['esbuild.mjs']);
