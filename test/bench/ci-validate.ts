// The CI check: `mlmodel validate` over a folder of 1,000 generated models, side by side with the
// check a team writes by hand, ajv-cli over the same files with our schema. Each tool runs as CI
// runs it, a fresh process over the whole folder, and is timed from spawn to exit; the runs
// alternate so both see the same machine. Both must first find exactly the planted mistakes.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateModel } from './generate';
import { repoRoot } from './paths';
import { killGroup, spawnGroup } from './processes';
import { WrongAnswer } from './scenarios';

export const CI_FILES = 1_000;
/** One file in this many has mistakes planted (one of each kind). */
const MISTAKEN_EVERY = 100;
const MISTAKES_PER_FILE = 4;

export interface CiTool {
  label: string;
  /** The command line as a team would write it, for the report. */
  shown: string;
  args: (folder: string) => string[];
  /** The files it reports as invalid, from its output, with the 0-based lines of their problems when it names them. */
  invalidFiles: (stdout: string, stderr: string) => Map<string, number[] | undefined>;
  unavailable: () => string | undefined;
}

const cli = join(repoRoot, 'dist', 'cli.js');
const ajv = join(repoRoot, 'node_modules', 'ajv-cli', 'dist', 'index.js');
const schema = join(repoRoot, 'schemas', 'mlmodel.schema.json');

export const mlmodelValidate: CiTool = {
  label: 'mlmodel validate',
  shown: 'mlmodel validate models/',
  args: (folder) => [cli, 'validate', folder],
  invalidFiles: (stdout) => {
    const files = new Map<string, number[]>();
    // file:line:col severity message [code] (1-based), then the summary line.
    for (const line of stdout.split('\n')) {
      const m = /^(.+\.mlmodel\.yaml):(\d+):\d+ (error|warning) /.exec(line);
      if (m) files.set(m[1], [...(files.get(m[1]) ?? []), Number(m[2]) - 1]);
    }
    return files;
  },
  unavailable: () => (existsSync(cli) ? undefined : `${cli} does not exist; run npm run build`),
};

// --strict=false: our schema carries the editor's keywords (markdownDescription, …), which ajv's
// strict mode rejects; -c ajv-formats: without it ajv ignores `format` (uri, uuid); --all-errors:
// every mistake of a file, as `mlmodel validate` reports them. ajv-cli reads YAML data files itself.
export const ajvCli: CiTool = {
  label: 'ajv-cli 5.0.0',
  shown: 'ajv validate -s schemas/mlmodel.schema.json -d "models/*.mlmodel.yaml" -c ajv-formats --strict=false --all-errors --errors=line',
  args: (folder) => [ajv, 'validate', '-s', schema, '-d', `${folder}/*.mlmodel.yaml`, '-c', 'ajv-formats', '--strict=false', '--all-errors', '--errors=line'],
  invalidFiles: (stdout, stderr) => {
    // `<file> invalid` on stderr, then its errors as JSON with instance paths, not lines.
    const files = new Map<string, undefined>();
    for (const line of `${stdout}\n${stderr}`.split('\n')) {
      const m = /^(.+\.mlmodel\.yaml) invalid$/.exec(line);
      if (m) files.set(m[1], undefined);
    }
    return files;
  },
  unavailable: () => (existsSync(ajv) ? undefined : `${ajv} is not installed; run npm ci`),
};

/**
 * Writes the folder: 1,000 models of 10 to 59 features (seeded), every 100th with 4 mistakes.
 * Returns the mistaken files with the 0-based lines of their mistakes.
 */
export function writeCiModels(folder: string): { files: number; bytes: number; mistaken: Map<string, number[]> } {
  mkdirSync(folder, { recursive: true });
  const mistaken = new Map<string, number[]>();
  let bytes = 0;
  for (let i = 0; i < CI_FILES; i++) {
    const withMistakes = i % MISTAKEN_EVERY === MISTAKEN_EVERY / 2;
    // A mistaken file has 50 features: the generator spreads its mistakes over distinct features.
    const features = withMistakes ? 50 : 10 + ((i * 37) % 50);
    const model = generateModel(features, { seed: 1000 + i, mistakes: withMistakes ? MISTAKES_PER_FILE : 0 });
    const file = join(folder, `model_${String(i).padStart(4, '0')}.mlmodel.yaml`);
    // The generator names a model after its size; one name per file, as a real folder has.
    const text = model.text.replace(/^name: .*$/m, `name: churn_model_${i}`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    if (withMistakes) mistaken.set(file, model.mistakes.map((m) => m.line));
  }
  return { files: CI_FILES, bytes, mistaken };
}

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(tool: CiTool, folder: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawnGroup(process.execPath, tool.args(folder), repoRoot);
    child.stdin?.end();
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`${tool.label} did not finish within 5 minutes`));
    }, 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - start, code, stdout, stderr });
    });
  });
}

/** Exit status 1 and exactly the mistaken files reported (on the mistakes' lines, when the tool names lines), or WrongAnswer. */
function check(tool: CiTool, result: Run, mistaken: Map<string, number[]>): void {
  const reported = tool.invalidFiles(result.stdout, result.stderr);
  const missing = [...mistaken.keys()].filter((f) => !reported.has(f));
  const extra = [...reported.keys()].filter((f) => !mistaken.has(f));
  const sorted = (lines: number[]): string => [...new Set(lines)].sort((a, b) => a - b).join(',');
  const elsewhere = [...mistaken].filter(([f, lines]) => reported.get(f) && sorted(reported.get(f)!) !== sorted(lines));
  if (result.code !== 1 || missing.length || extra.length || elsewhere.length) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ');
    throw new WrongAnswer(
      `${tool.label}: expected exit status 1 and ${mistaken.size} invalid files; exit status ${result.code}` +
        (missing.length ? `, ${missing.length} missed (${missing.slice(0, 3).join(', ')})` : '') +
        (extra.length ? `, ${extra.length} reported wrongly (${extra.slice(0, 3).join(', ')})` : '') +
        (elsewhere.length ? `, ${elsewhere.length} with problems on other lines than planted (${elsewhere[0][0]})` : '') +
        (tail ? `; output ends: ${tail.slice(0, 300)}` : ''),
    );
  }
}

/**
 * Times each available tool `samples` times, alternating, after one untimed checked run each
 * (which also warms the disk cache for both). Every timed run is checked too.
 */
export async function measureCiValidate(
  workDir: string,
  tools: CiTool[],
  samples: number,
  progress: (message: string) => void,
): Promise<{ folder: { files: number; bytes: number; mistaken: number }; times: Map<CiTool, number[] | string> }> {
  const folder = join(workDir, 'ci-models');
  const written = writeCiModels(folder);
  const times = new Map<CiTool, number[] | string>();
  const usable: CiTool[] = [];
  for (const tool of tools) {
    const why = tool.unavailable();
    if (why) {
      times.set(tool, why);
      continue;
    }
    try {
      check(tool, await run(tool, folder), written.mistaken);
      usable.push(tool);
      times.set(tool, []);
    } catch (error) {
      times.set(tool, error instanceof WrongAnswer ? `WRONG ANSWER: ${error.message}` : String((error as Error).message ?? error));
    }
  }
  for (let i = 0; i < samples; i++) {
    for (const tool of usable) {
      const samplesSoFar = times.get(tool);
      if (typeof samplesSoFar === 'string') continue;
      try {
        const result = await run(tool, folder);
        check(tool, result, written.mistaken);
        samplesSoFar!.push(result.ms);
        progress(`  ${tool.label}: ${Math.round(result.ms)} ms`);
      } catch (error) {
        times.set(tool, error instanceof WrongAnswer ? `WRONG ANSWER: ${error.message}` : String((error as Error).message ?? error));
      }
    }
  }
  return { folder: { files: written.files, bytes: written.bytes, mistaken: written.mistaken.size }, times };
}
