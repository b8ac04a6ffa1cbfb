// npm run bench [-- --quick] [-- --catalog] [-- --only=ours|theirs|ci]
// Our server and yaml-language-server side by side on the same generated models, in one run; then
// the CI check, `mlmodel validate` and ajv-cli over the same 1,000 files.
// See test/bench/README.md.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCatalogCompletion } from './catalog';
import { ajvCli, CI_FILES, measureCiValidate, mlmodelValidate } from './ci-validate';
import { benchModels } from './generate';
import { repoRoot } from './paths';
import { renderMissing, renderTable, type Row } from './report';
import { checkMistakes, coldStarts, measureModel, WrongAnswer, type Iterations, type SizeResult } from './scenarios';
import { ours, theirs, type ServerUnderTest } from './servers';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const catalog = args.includes('--catalog');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const ITERATIONS: Iterations = quick
  ? { coldStarts: 5, opens: 5, editPairs: 3, completions: 5, budgetMs: 2_500 }
  : { coldStarts: 10, opens: 7, editPairs: 5, completions: 10, budgetMs: Infinity };
/** Timed runs of each CI tool over the whole folder. */
const CI_SAMPLES = quick ? 3 : 7;
const CATALOG_TABLES = 100_000;

// The targets for ours and its measurements of yaml-language-server 2.0.0 (the anchor).
const TARGETS: Record<string, Record<string, number>> = {
  'open → diagnostics': { '1,000': 60, '5,000': 300 },
  'edit → diagnostics': { '5,000': 20 },
  'completion: key': { '5,000': 20 },
  'completion: enum': { '5,000': 20 },
  'completion: table ref': { '5,000': 20 },
  'completion: column ref': { '5,000': 20 },
  'peak RSS': { '5,000': 200 },
};
const ANCHOR: Record<string, Record<string, string>> = {
  'open → diagnostics': { '100': '252', '1,000': '603', '5,000': '3,442' },
  'edit → diagnostics': { '100': '247', '1,000': '647', '5,000': '3,000' },
  'completion: key': { '100': '22', '1,000': '363–470', '5,000': '1,666–2,172' },
  'completion: enum': { '100': '22', '1,000': '363–470', '5,000': '1,666–2,172' },
  'peak RSS': { '100': '158', '1,000': '709', '5,000': '2,681' },
};

/** The commit the run measured, marked when the server's sources differ from it. */
function revision(): string {
  try {
    const git = (...a: string[]): string => execFileSync('git', a, { cwd: repoRoot, encoding: 'utf8' }).trim();
    return git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--', 'server', 'client', 'schemas') ? ' + uncommitted changes' : '');
  } catch {
    return 'unknown';
  }
}

const progress = (message: string): void => void process.stderr.write(`${message}\n`);
const reason = (error: unknown): string => (error instanceof WrongAnswer ? `WRONG ANSWER: ${error.message}` : String((error as Error)?.message ?? error));

async function main(): Promise<number> {
  const workDir = mkdtempSync(join(tmpdir(), 'mlmodel-bench-'));
  const { sized, withMistakes } = benchModels();
  const load = loadavg();
  const commit = revision();
  console.log(`mlmodel-yaml bench${quick ? ' --quick' : ''} · ${commit} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
  console.log(`load average at start ${load.map((l) => l.toFixed(2)).join(' ')} (other work on this machine adds noise; compare medians)`);
  for (const m of [...sized, withMistakes]) {
    const hash = createHash('sha256').update(m.text).digest('hex').slice(0, 12);
    console.log(`  ${m.name}: ${m.features.toLocaleString('en-US')} features, ${(m.text.length / 1000).toFixed(0)} KB, ${m.mistakes.length} mistakes, sha256 ${hash}`);
  }

  const servers = only === 'ci' ? [] : [theirs, ours].filter((s) => !only || s.id === only);
  const excluded = new Map<ServerUnderTest, string>();
  for (const server of servers) {
    const why = server.unavailable();
    if (why) excluded.set(server, why);
  }

  // The gate: a server that misses a planted mistake, or reports one that is not there, is not timed.
  for (const server of servers.filter((s) => !excluded.has(s))) {
    progress(`${server.label}: checking the ${withMistakes.mistakes.length} planted mistakes`);
    try {
      await checkMistakes(server, workDir, withMistakes);
    } catch (error) {
      excluded.set(server, reason(error));
      progress(`  ${reason(error)}`);
    }
  }
  const running = (s: ServerUnderTest): boolean => !excluded.has(s);

  const rows: Row[] = [];
  const row = (figure: string, model: string, unit: Row['unit']): Row => {
    const r: Row = { figure, model, unit, target: TARGETS[figure]?.[model], anchor: ANCHOR[figure]?.[model] };
    rows.push(r);
    return r;
  };
  const record = (r: Row, server: ServerUnderTest, samples: number[] | undefined, missing?: string): void => {
    if (server.id === 'ours') {
      r.ours = samples;
      r.oursMissing = missing;
    } else {
      r.theirs = samples;
      r.theirsMissing = missing;
    }
  };
  const notRun = (server: ServerUnderTest): string => excluded.get(server) ?? (only && server.id !== only ? `not run (--only=${only})` : 'not run');

  const cold = row('cold start', '—', 'ms');
  cold.target = 200;
  cold.anchor = '~850';
  for (const server of [theirs, ours]) {
    if (!servers.includes(server) || !running(server)) {
      record(cold, server, undefined, notRun(server));
      continue;
    }
    progress(`${server.label}: cold starts`);
    try {
      record(cold, server, await coldStarts(server, workDir, ITERATIONS));
    } catch (error) {
      record(cold, server, undefined, reason(error));
    }
  }

  const results = new Map<string, Map<ServerUnderTest, SizeResult | string>>();
  for (const model of sized) {
    const perServer = new Map<ServerUnderTest, SizeResult | string>();
    results.set(model.name, perServer);
    for (const server of [theirs, ours]) {
      if (!servers.includes(server) || !running(server)) {
        perServer.set(server, notRun(server));
        continue;
      }
      progress(`${server.label}: ${model.name} (${model.features} features)`);
      try {
        const result = await measureModel(server, workDir, model, ITERATIONS);
        perServer.set(server, result);
        progress(`  open ${result.open.map(Math.round).join(' ')} · edit ${result.edit.map(Math.round).join(' ')} · key ${result.completeKey.map(Math.round).join(' ')} · enum ${result.completeEnum.map(Math.round).join(' ')} ms · ${Math.round(result.peakRssBytes / 2 ** 20)} MB`);
      } catch (error) {
        perServer.set(server, reason(error));
        progress(`  ${reason(error)}`);
      }
    }
  }
  const figures: [string, Row['unit'], (r: SizeResult) => number[]][] = [
    ['open → diagnostics', 'ms', (r) => r.open],
    ['  validation (server-reported)', 'ms', (r) => r.openInServer],
    ['edit → diagnostics', 'ms', (r) => r.edit],
    ['  validation (server-reported)', 'ms', (r) => r.editInServer],
    ['completion: key', 'ms', (r) => r.completeKey],
    ['completion: enum', 'ms', (r) => r.completeEnum],
    ['peak RSS', 'MB', (r) => [r.peakRssBytes / 2 ** 20]],
  ];
  for (const [figure, unit, pickSamples] of figures) {
    for (const model of sized) {
      const r = row(figure, model.features.toLocaleString('en-US'), unit);
      for (const [server, result] of results.get(model.name)!) {
        if (typeof result === 'string') record(r, server, undefined, result);
        else record(r, server, pickSamples(result).length ? pickSamples(result) : undefined);
      }
    }
  }

  const catalogRows = [row('completion: table ref', '5,000', 'ms'), row('completion: column ref', '5,000', 'ms')];
  const largest = sized[sized.length - 1];
  const catalogMissing = (why: string): void => catalogRows.forEach((r) => record(r, ours, undefined, why));
  catalogRows.forEach((r) => record(r, theirs, undefined, 'yaml-language-server has no catalog'));
  if (!catalog) {
    catalogMissing(`catalog completion not run: pass --catalog once \`mlmodel sandbox --tables ${CATALOG_TABLES}\` and catalog completion exist`);
  } else if (!running(ours) || !servers.includes(ours)) {
    catalogMissing(notRun(ours));
  } else {
    progress(`${ours.label}: catalog completion against a sandbox of ${CATALOG_TABLES.toLocaleString('en-US')} tables`);
    try {
      const result = await measureCatalogCompletion(workDir, largest, CATALOG_TABLES, ITERATIONS.completions);
      record(catalogRows[0], ours, result.tables);
      record(catalogRows[1], ours, result.columns);
    } catch (error) {
      catalogMissing(reason(error));
      progress(`  ${reason(error)}`);
    }
  }

  // dist/server.js is a small loader of dist/server-main.js (V8 code cache): the server is both.
  for (const [label, files, target] of [
    ['dist/extension.js', ['extension.js'], 300],
    ['dist/server.js (+ server-main.js)', ['server.js', 'server-main.js'], 1500],
  ] as const) {
    const r = row(`size of ${label}`, '—', 'KB');
    r.target = target;
    const paths = files.map((f) => join(repoRoot, 'dist', f));
    const missing = paths.find((p) => !existsSync(p));
    record(r, ours, missing ? undefined : [paths.reduce((sum, p) => sum + statSync(p).size, 0) / 1000], `${missing} does not exist`);
  }

  if (only !== 'ci') {
    console.log('');
    console.log(renderTable(rows));
    console.log('');
    console.log('Times are from sending the message to receiving the answer over stdio; medians, with min–max over n runs.');
    console.log(`yaml-ls (yaml-language-server 2.0.0, upstream createMlModel schema) waits a fixed ${theirs.fixedDelayMs} ms before validating; its open and edit figures include it, as measured.`);
    console.log('ours runs with its validation debounce set to 0 through settings, so its edit figures exclude the debounce.');
    console.log('Each model runs in a fresh server process; peak RSS is VmHWM of that process tree (MB = 2^20 bytes); bundle sizes in KB = 1000 bytes.');
    if (quick) console.log(`--quick: a figure takes no further sample after ${ITERATIONS.budgetMs / 1000} s, and peak RSS is lower than in a full run, which does more work.`);
    for (const missing of renderMissing(rows)) console.log(`— ${missing}`);
  }

  // The CI check: both tools in the same run, over the same folder, alternating.
  const ciRows: Row[] = [];
  if (!only || only === 'ci') {
    progress(`CI check: ${mlmodelValidate.label} and ${ajvCli.label} over ${CI_FILES.toLocaleString('en-US')} generated models`);
    const ci = await measureCiValidate(workDir, [mlmodelValidate, ajvCli], CI_SAMPLES, progress);
    const ciRow: Row = { figure: 'validate a folder (spawn → exit)', model: `${ci.folder.files.toLocaleString('en-US')} files`, unit: 'ms' };
    const side = (value: number[] | string | undefined): [number[] | undefined, string | undefined] =>
      typeof value === 'string' ? [undefined, value] : [value?.length ? value : undefined, value?.length ? undefined : 'not run'];
    [ciRow.ours, ciRow.oursMissing] = side(ci.times.get(mlmodelValidate));
    [ciRow.theirs, ciRow.theirsMissing] = side(ci.times.get(ajvCli));
    ciRows.push(ciRow);
    console.log('');
    console.log(renderTable(ciRows, 'ajv-cli'));
    console.log('');
    console.log(
      `${ci.folder.files.toLocaleString('en-US')} models of 10 to 59 features (${(ci.folder.bytes / 1e6).toFixed(1)} MB), ${ci.folder.mistaken} of them with 4 planted mistakes; ` +
        'each run is a fresh process over the whole folder, checked: exit status 1 and exactly those files reported.',
    );
    console.log(`ours: ${mlmodelValidate.shown}`);
    console.log(`ajv-cli: ${ajvCli.shown}`);
    for (const missing of renderMissing(ciRows, 'ajv-cli')) console.log(`— ${missing}`);
  }
  console.log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const failed = [...excluded.values()].some((r) => r.startsWith('WRONG ANSWER')) || [...rows, ...ciRows].some((r) => [r.oursMissing, r.theirsMissing].some((m) => m?.startsWith('WRONG ANSWER')));
  const outDir = join(repoRoot, 'out', 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify({ date: new Date().toISOString(), commit, quick, node: process.version, load: [load, loadavg()], rows: only === 'ci' ? [] : rows, ciRows }, null, 2) + '\n');
  if (failed) console.log(`server logs kept in ${workDir}`);
  else rmSync(workDir, { recursive: true, force: true });
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
