// What the bench measures on one server. Every step checks the answer it times: a server that
// answers wrongly fails the run instead of producing a figure.
import { performance } from 'node:perf_hooks';
import type { GeneratedModel } from './generate';
import type { ServerUnderTest } from './servers';
import { describe, problems, Session, type CompletionItem, type Diagnostic, type Validated } from './session';

/** How many samples of each figure: up to the count, stopping early once a figure has used its budget. */
export interface Iterations {
  coldStarts: number;
  /** Counting the open of the document that is then edited. */
  opens: number;
  /** Each pair breaks one line and repairs it. */
  editPairs: number;
  completions: number;
  /** Time per figure and model after which no further sample is started (at least one is always taken). */
  budgetMs: number;
}

/** Whether to take sample `i` (0-based) of a figure whose first sample started at `since`. */
function another(i: number, count: number, since: number, n: Iterations): boolean {
  return i < count && (i === 0 || performance.now() - since < n.budgetMs);
}

export interface SizeResult {
  open: number[];
  edit: number[];
  /** The validation time the server reports for each open and edit, if it reports one. */
  openInServer: number[];
  editInServer: number[];
  completeKey: number[];
  completeEnum: number[];
  peakRssBytes: number;
}

export class WrongAnswer extends Error {}

interface FeatureLines {
  dataType: number;
  description: number;
  hasAlgorithm: boolean;
  hasTags: boolean;
}

/** Line numbers of each feature's keys, by scanning the generator's layout. */
function featureLines(text: string): FeatureLines[] {
  const lines = text.split('\n');
  const features: FeatureLines[] = [];
  let inFeatures = false;
  lines.forEach((line, i) => {
    if (!line.startsWith(' ')) inFeatures = line === 'mlFeatures:';
    else if (!inFeatures) return;
    else if (line.startsWith('  - name: ')) features.push({ dataType: -1, description: -1, hasAlgorithm: false, hasTags: false });
    else if (line.startsWith('    dataType: ')) features[features.length - 1].dataType = i;
    else if (line.startsWith('    description: ')) features[features.length - 1].description = i;
    else if (line.startsWith('    featureAlgorithm: ')) features[features.length - 1].hasAlgorithm = true;
    else if (line.startsWith('    tags:')) features[features.length - 1].hasTags = true;
  });
  return features;
}

function expectProblems(server: ServerUnderTest, what: string, diagnostics: Diagnostic[], lines: number[]): void {
  const reported = problems(diagnostics);
  const reportedLines = new Set(reported.map((d) => d.range.start.line));
  const missing = lines.filter((l) => !reportedLines.has(l));
  const extra = reported.filter((d) => !lines.includes(d.range.start.line));
  if (missing.length || extra.length) {
    throw new WrongAnswer(
      `${server.label}, ${what}: expected problems on ${lines.length ? `line(s) ${lines.map((l) => l + 1).join(', ')}` : 'no line'}` +
        (missing.length ? `; none on ${missing.map((l) => l + 1).join(', ')}` : '') +
        (extra.length ? `; unexpected: ${describe(extra)}` : ''),
    );
  }
}

function expectLabels(server: ServerUnderTest, what: string, items: CompletionItem[], labels: string[]): void {
  const got = new Set(items.map((i) => i.label));
  const missing = labels.filter((l) => !got.has(l));
  if (missing.length) {
    throw new WrongAnswer(`${server.label}, ${what}: no ${missing.join(', ')} among ${items.length} items (${[...got].slice(0, 10).join(', ')})`);
  }
}

/**
 * Starts of a new server process, spawn → `initialize` answered. One untimed start first, kept
 * running for 3.5 s as a user's first session of a new build would be: ours writes its V8 code
 * cache then (server/src/bootstrap.ts), which every later start of that build uses. Both servers
 * get the same warm-up (and so a warm file cache).
 */
export async function coldStarts(server: ServerUnderTest, workDir: string, n: Iterations): Promise<number[]> {
  const first = await Session.start(server, workDir);
  await new Promise((resolve) => setTimeout(resolve, 3_500));
  await first.shutdown();
  const times: number[] = [];
  const since = performance.now();
  for (let i = 0; another(i, n.coldStarts, since, n); i++) {
    const session = await Session.start(server, workDir);
    times.push(session.coldStartMs);
    await session.shutdown();
  }
  return times;
}

/** The gate: every planted mistake reported on its line, and nothing else. */
export async function checkMistakes(server: ServerUnderTest, workDir: string, model: GeneratedModel): Promise<void> {
  const session = await Session.start(server, workDir);
  try {
    const { diagnostics } = await session.open(session.uri(`${model.name}.mlmodel.yaml`), model.text);
    expectProblems(server, `${model.mistakes.length} planted mistakes`, diagnostics, model.mistakes.map((m) => m.line));
  } finally {
    await session.shutdown();
  }
}

/** Open, edit and completion timings on one model, in a fresh server process. */
export async function measureModel(server: ServerUnderTest, workDir: string, model: GeneratedModel, n: Iterations): Promise<SizeResult> {
  const session = await Session.start(server, workDir);
  try {
    const result: SizeResult = { open: [], edit: [], openInServer: [], editInServer: [], completeKey: [], completeEnum: [], peakRssBytes: 0 };
    const opened = (v: Validated): void => {
      result.open.push(v.ms);
      if (v.serverMs !== undefined) result.openInServer.push(v.serverMs);
    };
    const edited = (v: Validated): void => {
      result.edit.push(v.ms);
      if (v.serverMs !== undefined) result.editInServer.push(v.serverMs);
    };
    const openedAt = performance.now();
    const uri = session.uri(`${model.name}.mlmodel.yaml`);
    const open = await session.open(uri, model.text);
    expectProblems(server, `open ${model.name}`, open.diagnostics, []);
    opened(open);
    for (let i = 1; another(i, n.opens, openedAt, n); i++) {
      const other = session.uri(`${model.name}.open${i}.mlmodel.yaml`);
      const again = await session.open(other, model.text);
      expectProblems(server, `open ${model.name}`, again.diagnostics, []);
      opened(again);
      session.close(other);
    }

    // Typing: a blank line inside a feature that has neither featureAlgorithm nor tags (key
    // completion happens there below), then one character at a time: break a feature's dataType
    // (numerical → numerica) and repair it, at spread positions.
    const lines = model.text.split('\n');
    const original = featureLines(model.text);
    const bare = original.slice(Math.floor(original.length / 2)).find((f) => !f.hasAlgorithm && !f.hasTags);
    if (!bare) throw new Error(`${model.name} has no feature without featureAlgorithm and tags past the middle`);
    const keyLine = bare.description + 1;
    const editedAt = performance.now();
    const blank = await session.change(uri, [{ range: { start: { line: keyLine, character: 0 }, end: { line: keyLine, character: 0 } }, text: '    \n' }]);
    expectProblems(server, 'adding a blank line', blank.diagnostics, []);
    edited(blank);
    lines.splice(keyLine, 0, '    ');
    const features = featureLines(lines.join('\n'));
    for (let pair = 0; another(pair + 1, n.editPairs + 1, editedAt, n); pair++) { // the blank line was sample 0
      const line = features[Math.floor(((pair + 0.5) * features.length) / n.editPairs)].dataType;
      const last = lines[line].length - 1;
      const broken = await session.change(uri, [{ range: { start: { line, character: last }, end: { line, character: last + 1 } }, text: '' }]);
      expectProblems(server, `breaking line ${line + 1}`, broken.diagnostics, [line]);
      const repaired = await session.change(uri, [{ range: { start: { line, character: last }, end: { line, character: last } }, text: lines[line][last] }]);
      expectProblems(server, `repairing line ${line + 1}`, repaired.diagnostics, []);
      edited(broken);
      edited(repaired);
    }

    // Key completion on the blank line.
    const keyAt = performance.now();
    for (let i = 0; another(i, n.completions, keyAt, n); i++) {
      const { ms, items } = await session.complete(uri, { line: keyLine, character: 4 });
      expectLabels(server, `key completion at line ${keyLine + 1}`, items, ['featureAlgorithm', 'tags']);
      result.completeKey.push(ms);
    }

    // Enum completion at the end of a feature's dataType value, three quarters down the file.
    const enumLine = features[Math.floor((features.length * 3) / 4)].dataType;
    const enumAt = performance.now();
    for (let i = 0; another(i, n.completions, enumAt, n); i++) {
      const { ms, items } = await session.complete(uri, { line: enumLine, character: lines[enumLine].length });
      expectLabels(server, `enum completion at line ${enumLine + 1}`, items, ['numerical', 'categorical']);
      result.completeEnum.push(ms);
    }

    result.peakRssBytes = session.peakRss();
    return result;
  } finally {
    await session.shutdown();
  }
}
