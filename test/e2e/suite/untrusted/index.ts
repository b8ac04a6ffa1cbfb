// Entry point of the launch in an untrusted workspace (run.mjs starts it with workspace trust on and
// the folder not trusted): runs the *.test.js beside it.
import { runTestsIn } from '../index';

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}
