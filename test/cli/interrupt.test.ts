// Ctrl+C (SIGINT) during `mlmodel publish`: the requests already sent are answered, none is
// started, and the command prints what was written and what was not (the model, each lineage edge
// written or removed), exactly as the server received it, then exits 130. A second Ctrl+C stops at
// once. The server is slowed down with the sandbox's latency faults, so the signal lands mid-publish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI, REPO, runCli } from '../helpers/cli';
import { churnModel, SHOPIFY, tempModelFile } from '../helpers/models';
import { useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();

/** `mlmodel ARGS`, sent SIGINT (`times` times, 100 ms apart) once the sandbox has received a request `when` matches. */
async function interrupted(args: string[], when: (r: { method: string; path: string }) => boolean, times = 1) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { ...process.env, OPENMETADATA_TOKEN: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const deadline = Date.now() + 30_000;
  while (!sandbox.requests().some(when)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the request never came: ${stdout}${stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const signalled = Date.now();
  for (let i = 0; i < times; i++) {
    if (i) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
  }
  const code = await closed;
  return { code, stdout, stderr, ms: Date.now() - signalled };
}

const modelId = (fqn: string) => sandbox.store.mlmodels.getByFqn(fqn)?.id;
/** The tables with an edge into the model on the server, by name. */
const upstream = (fqn: string) =>
  sandbox.store.lineage
    .upstreamOf(modelId(fqn)!)
    .map((e) => sandbox.store.tables.byId(e.from.id)!.name)
    .sort();

test('Ctrl+C while the model is written: the model is written, its lineage is not, the next file is not started; exit 130', async () => {
  const second = tempModelFile('churn.mlmodel.yaml', churnModel(['fact_order']));
  sandbox.faults.add({ method: 'PUT', path: '/api/v1/mlmodels', latencyMs: 1500 });
  const r = await interrupted(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml', second], (q) => q.method === 'PUT' && q.path === '/api/v1/mlmodels');
  assert.equal(r.code, 130, r.stdout + r.stderr);
  assert.equal(
    r.stdout,
    [
      'examples/eta_predictions.mlmodel.yaml: mlflow_svc.eta_predictions created (new model, version 0.1)',
      '  lineage: 2 tables → model',
      '  lineage written: none',
      `  lineage from ${SHOPIFY}.fact_sale NOT written: cancelled before this edge was written`,
      `  lineage from ${SHOPIFY}.raw_customer NOT written: cancelled before this edge was written`,
      '  publish again to complete the lineage',
      `  ${sandbox.url}/mlmodel/mlflow_svc.eta_predictions`,
      `${second}: not published: interrupted before it was started; nothing of it was written`,
      '',
    ].join('\n'),
  );
  assert.match(r.stderr, /^mlmodel publish: interrupted: finishing the requests already sent \(Ctrl\+C again to stop at once\)\n/);
  assert.match(r.stderr, /\nmlmodel publish: interrupted; what was written and what was not is listed above; publish again to complete it\n$/);
  // What the server received: the model (at 0.1), no lineage request, nothing of the second file.
  // (The server itself draws the edges of a model's feature sources when it creates the model, as
  // OpenMetadata does; the publish's own lineage requests were never sent.)
  assert.equal(sandbox.store.mlmodels.getByFqn('mlflow_svc.eta_predictions')?.version, 0.1);
  assert.ok(!sandbox.requests().some((q) => q.path.startsWith('/api/v1/lineage') && q.method !== 'GET'), 'no lineage written or removed');
  assert.equal(modelId('mlflow_svc.churn'), undefined);
  assert.equal(sandbox.requests().filter((q) => q.method === 'PUT').length, 1, 'one write: the first model');
  assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /);
});

test('Ctrl+C while lineage is written: the account of edges written, not written and not removed is what the server received', async () => {
  // Published with one source; the file now has six others, so the publish adds six edges (four
  // at a time) and then would remove the first one's.
  const six = ['dim_address', 'dim_customer', 'dim_location', 'dim_staff', 'fact_line_item', 'fact_order'];
  const before = await runCli(['publish', '--server', sandbox.url, tempModelFile('churn.mlmodel.yaml', churnModel(['raw_order']))]);
  assert.equal(before.code, 0, before.stdout + before.stderr);
  sandbox.clearRequests();
  sandbox.faults.add({ method: 'PUT', path: '/api/v1/lineage', latencyMs: 1500 });
  const file = tempModelFile('churn.mlmodel.yaml', churnModel(six).replace('algorithm: XGBoost', 'algorithm: LightGBM'));
  const r = await interrupted(['publish', '--server', sandbox.url, '--format', 'json', file], (q) => q.method === 'PUT' && q.path === '/api/v1/lineage');
  assert.equal(r.code, 130, r.stdout + r.stderr);
  const [outcome] = JSON.parse(r.stdout);
  assert.equal(outcome.status, 'interrupted');
  assert.deepEqual(outcome.version, { from: 0.1, to: 1.1 });
  const written: string[] = outcome.lineage.written.map((t: string) => t.slice(SHOPIFY.length + 1));
  const notWritten: string[] = outcome.lineage.failed.map((f: { table: string; message: string }) => f.table.slice(SHOPIFY.length + 1));
  assert.ok(notWritten.length >= 2, `four at a time: at least two of six are never sent (${notWritten})`);
  assert.deepEqual([...written, ...notWritten].sort(), six);
  assert.ok(outcome.lineage.failed.every((f: { message: string }) => f.message === 'cancelled before this edge was written'));
  assert.deepEqual(outcome.lineage.removed, []);
  assert.deepEqual(outcome.lineage.removeFailed, [{ table: `${SHOPIFY}.raw_order`, message: 'cancelled before this edge was removed' }]);

  // The server: the model written (1.1), exactly one lineage PUT per edge said written, no DELETE,
  // and raw_order's edge still there.
  assert.equal(sandbox.store.mlmodels.getByFqn('mlflow_svc.churn')?.version, 1.1);
  assert.equal(sandbox.requests().filter((q) => q.method === 'PUT' && q.path === '/api/v1/lineage').length, written.length);
  assert.ok(!sandbox.requests().some((q) => q.method === 'DELETE'));
  assert.ok(upstream('mlflow_svc.churn').includes('raw_order'));

  // Publishing again completes it.
  sandbox.faults.clear();
  const again = await runCli(['publish', '--server', sandbox.url, file]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.deepEqual(upstream('mlflow_svc.churn'), six);
});

test('a second Ctrl+C stops at once: requests in flight are cancelled and said to be uncertain', async () => {
  sandbox.faults.add({ method: 'PUT', path: '/api/v1/mlmodels', latencyMs: 10_000 });
  const r = await interrupted(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml'], (q) => q.method === 'PUT' && q.path === '/api/v1/mlmodels', 2);
  assert.equal(r.code, 130, r.stdout + r.stderr);
  assert.ok(r.ms < 5000, `stopped at once, not after the server's 10 s (${r.ms} ms)`);
  assert.match(r.stdout, /^examples\/eta_predictions\.mlmodel\.yaml: mlflow_svc\.eta_predictions may or may not be created \(new model, version 0\.1\)\n/);
  assert.match(r.stdout, /Writing the model did not complete: .* It may or may not have been written; publish again to make sure/);
  assert.match(r.stderr, /interrupted again: stopping at once; requests in flight were cancelled and may or may not have been written/);
  assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /);
});
