// Catalog completion: a sandbox OpenMetadata with 100,000 tables (`mlmodel sandbox`), our server
// pointed at it, and table and column references completed once the catalog is warm. The sandbox
// is asked directly for the table a query must find and for its columns, so the completions are
// checked against the catalog.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { GeneratedModel } from './generate';
import { repoRoot } from './paths';
import { killGroup, spawnGroup } from './processes';
import { ourServer } from './servers';
import { Session, type CompletionItem, type Position } from './session';
import { WrongAnswer } from './scenarios';

const cliJs = join(repoRoot, 'dist', 'cli.js');
/** What the user has typed after `dataSource: ` when asking for completion: hundreds of the generated tables match. */
const QUERY = 'order_facts';

export interface Sandbox {
  url: string;
  stop(): void;
}

/** `mlmodel sandbox --port 0 --tables N`; resolves with the first URL it prints. */
export function startSandbox(tables: number, timeoutMs = 180_000): Promise<Sandbox> {
  if (!existsSync(cliJs)) return Promise.reject(new Error(`${cliJs} does not exist; run npm run build`));
  const child = spawnGroup(process.execPath, [cliJs, 'sandbox', '--port', '0', '--tables', String(tables)], repoRoot);
  return new Promise<Sandbox>((resolve, reject) => {
    let output = '';
    const fail = (why: string): void => {
      killGroup(child);
      reject(new Error(`mlmodel sandbox ${why}: ${output.trim().slice(-500)}`));
    };
    const timer = setTimeout(() => fail(`printed no URL in ${timeoutMs} ms`), timeoutMs);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /https?:\/\/[^\s'"]+/.exec(output)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve({ url: url.replace(/\/+$/, ''), stop: () => killGroup(child) });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => (clearTimeout(timer), fail(`exited with code ${code}`)));
  });
}

/** The table FQN the sandbox's own search ranks first for `query`. */
async function firstTable(url: string, query: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/search/query?q=${encodeURIComponent(query)}&index=table_search_index&from=0&size=1`);
  if (!response.ok) throw new Error(`sandbox search answered ${response.status}`);
  const body = (await response.json()) as { hits?: { hits?: { _source?: { fullyQualifiedName?: string } }[] } };
  const fqn = body.hits?.hits?.[0]?._source?.fullyQualifiedName;
  if (!fqn) throw new Error(`sandbox search found no table for ${query}`);
  return fqn;
}

async function columnsOf(url: string, fqn: string): Promise<string[]> {
  const response = await fetch(`${url}/api/v1/tables/name/${encodeURIComponent(fqn)}?fields=columns`);
  if (!response.ok) throw new Error(`sandbox table ${fqn} answered ${response.status}`);
  const columns = ((await response.json()) as { columns?: { name: string }[] }).columns ?? [];
  if (!columns.length) throw new Error(`sandbox table ${fqn} has no columns`);
  return columns.map((c) => c.name);
}

/** Whether a completion item would insert `text`. */
function inserts(item: CompletionItem, text: string): boolean {
  const i = item as CompletionItem & { insertText?: string; filterText?: string; textEdit?: { newText?: string } };
  return [i.label, i.insertText, i.filterText, i.textEdit?.newText].includes(text);
}

/** Completion at `position` timed `count` times, once it has first given the right answer (the catalog is then warm). */
async function timedOnceRight(session: Session, uri: string, position: Position, right: (items: CompletionItem[]) => boolean, what: string, count: number): Promise<number[]> {
  const deadline = performance.now() + 120_000;
  while (!right((await session.complete(uri, position)).items)) {
    if (performance.now() > deadline) throw new WrongAnswer(`catalog completion never offered ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const { ms, items } = await session.complete(uri, position);
    if (!right(items)) throw new WrongAnswer(`catalog completion stopped offering ${what}`);
    times.push(ms);
  }
  return times;
}

export interface CatalogResult {
  tables: number[];
  columns: number[];
}

/**
 * In the middle source of the model: completion of a table reference at `dataSource: order_facts|`
 * (must offer the sandbox's best table for that query), then of a column at `name: |` once
 * `dataSource` is that table (must offer all its columns).
 */
export async function measureCatalogCompletion(workDir: string, model: GeneratedModel, tables: number, count: number): Promise<CatalogResult> {
  const sandbox = await startSandbox(tables);
  let session: Session | undefined;
  try {
    const table = await firstTable(sandbox.url, QUERY);
    const columns = await columnsOf(sandbox.url, table);
    session = await Session.start(ourServer({ serverUrl: sandbox.url }), workDir);
    const lines = model.text.split('\n');
    const dataSource = lines.indexOf('        dataSource:', Math.floor(lines.length / 2));
    const name = dataSource - 2;
    if (!lines[name].startsWith('      - name: ')) throw new Error(`unexpected layout at line ${name + 1}: ${lines[name]}`);

    lines.splice(dataSource, 3, `        dataSource: ${QUERY}`);
    const tableUri = session.uri(`${model.name}.catalog-table.mlmodel.yaml`);
    await session.open(tableUri, lines.join('\n'));
    const tableTimes = await timedOnceRight(
      session,
      tableUri,
      { line: dataSource, character: lines[dataSource].length },
      (items) => items.some((i) => inserts(i, table)),
      `${table}, the sandbox's first table for "${QUERY}"`,
      count,
    );

    lines[dataSource] = `        dataSource: ${table}`;
    lines[name] = '      - name: ';
    const columnUri = session.uri(`${model.name}.catalog-column.mlmodel.yaml`);
    await session.open(columnUri, lines.join('\n'));
    const columnTimes = await timedOnceRight(
      session,
      columnUri,
      { line: name, character: lines[name].length },
      (items) => columns.every((c) => items.some((i) => inserts(i, c))),
      `the ${columns.length} columns of ${table}`,
      count,
    );
    return { tables: tableTimes, columns: columnTimes };
  } finally {
    await session?.shutdown();
    sandbox.stop();
  }
}
