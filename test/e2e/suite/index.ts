// Entry point the extension host loads (extensionTestsPath): runs every *.test.js beside it with
// mocha and prints a result line the runner reads, since an exit code alone cannot tell
// "all passed" from "ran nothing". untrusted/index.ts does the same for the launch in an untrusted
// workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export const RESULT_MARKER = 'MLMODEL_E2E_RESULT';

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}

/** Runs the *.test.js files of `dir` (not of its subdirectories). */
export function runTestsIn(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, slow: 5_000 });
  const grep = process.env.MLMODEL_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(dir, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      console.log(`${RESULT_MARKER} ${JSON.stringify({ passed: passes, failed: failures, pending })}`);
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
  });
}
