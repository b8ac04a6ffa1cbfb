import { statSync } from 'node:fs';
import { join } from 'node:path';
import { withTimeout } from './util.mjs';

/**
 * The .vsix as shipped, written to `out`. vsce wants Node >= 22, so the cached Node 24 runs it (and
 * its prepublish script's npm, through PATH).
 */
export async function packageVsix({ node, repoRoot, out, groups, logFile }) {
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const { exited } = groups.start(node, [vsce, 'package', '--no-dependencies', '--out', out], {
    cwd: repoRoot,
    env: { PATH: `${join(node, '..')}:${process.env.PATH}` },
    logFile,
  });
  const code = await withTimeout(exited, 5 * 60_000, 'vsce package');
  if (code !== 0) throw new Error(`vsce package exited with ${code}; see ${logFile}`);
  const size = statSync(out).size;
  // A .vscodeignore that let in node_modules/ or the tool cache would make a huge package.
  if (size > 20 * 1024 * 1024) throw new Error(`${out} is ${Math.round(size / 1048576)} MB: check .vscodeignore`);
  return { out, size };
}
