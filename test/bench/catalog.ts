// Catalog completion: a sandbox OpenMetadata with 100,000 tables (`mlmodel sandbox`), our server
// pointed at it, and table references completed once the catalog is warm. The sandbox is asked
// directly for the table a query must find, so the completion is checked against the catalog.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { GeneratedModel } from './generate';
import { repoRoot } from './paths';
import { killGroup, spawnGroup } from './processes';
import { ourServer } from './servers';
import { Session } from './session';
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

/**
 * Completion of a table reference at `dataSource: order_facts|` in the model, timed once a first
 * completion has returned the sandbox's best table (the catalog is then warm).
 */
export async function measureCatalogCompletion(workDir: string, model: GeneratedModel, tables: number, count: number): Promise<number[]> {
  const sandbox = await startSandbox(tables);
  let session: Session | undefined;
  try {
    const expected = await firstTable(sandbox.url, QUERY);
    session = await Session.start(ourServer({ serverUrl: sandbox.url }), workDir);
    const uri = session.uri(`${model.name}.catalog.mlmodel.yaml`);
    const lines = model.text.split('\n');
    // Turn the middle source's `dataSource: {id, type}` into a reference being typed.
    const start = lines.indexOf('        dataSource:', Math.floor(lines.length / 2));
    lines.splice(start, 3, `        dataSource: ${QUERY}`);
    await session.open(uri, lines.join('\n'));
    const position = { line: start, character: lines[start].length };
    const offered = async (): Promise<{ ms: number; found: boolean }> => {
      const { ms, items } = await session!.complete(uri, position);
      return { ms, found: items.some((i) => JSON.stringify(i).includes(expected)) };
    };
    const deadline = performance.now() + 120_000;
    while (!(await offered()).found) {
      if (performance.now() > deadline) throw new WrongAnswer(`catalog completion never offered ${expected}, the sandbox's first table for "${QUERY}"`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const { ms, found } = await offered();
      if (!found) throw new WrongAnswer(`catalog completion stopped offering ${expected}`);
      times.push(ms);
    }
    return times;
  } finally {
    await session?.shutdown();
    sandbox.stop();
  }
}
