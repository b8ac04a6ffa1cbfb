// Publishing against a failing server never leaves a state it does not report: for every fault on
// the model's PUT and on the lineage, what the report says matches what the server holds, and
// publishing again (once the server is well) completes the model and its lineage exactly.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { parseModel } from '../../server/src/service/document';
import { readModel } from '../../server/src/service/model';
import { planPublish, type PublishPlan } from '../../server/src/publish/plan';
import { executePlan, PublishStepError } from '../../server/src/publish/execute';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import type { FaultRule } from '../../server/src/sandbox/faults';
import { runCli } from '../helpers/cli';
import { assertNoStackTrace } from './harness';
import { ETA_PREDICTIONS } from '../helpers/models';

const eta = ETA_PREDICTIONS;
const FQN = 'mlflow_svc.eta_predictions';
const TABLES = ['sample_data.ecommerce_db.shopify.fact_sale', 'sample_data.ecommerce_db.shopify.raw_customer'];

let sandbox: Sandbox;
let dir: string;
before(async () => {
  sandbox = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), 'mlmodel-hardening-'));
});
after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => sandbox.reset());

const client = (timeoutMs = 2_000) => new OpenMetadataClient({ baseUrl: sandbox.url, retries: 2, retryBaseMs: 1, retryMaxMs: 20, timeoutMs, maxResponseBytes: 1024 * 1024 });

async function plan(c: OpenMetadataClient): Promise<PublishPlan> {
  const result = await planPublish(readModel(parseModel(eta)), c);
  assert.ok(result.plan);
  return result.plan;
}

/** What the sandbox holds: the model's version, and the tables with an edge to it. */
function held(): { version?: number; lineage: string[] } {
  const model = sandbox.store.mlmodels.getByFqn(FQN);
  if (!model) return { lineage: [] };
  const names = sandbox.store.lineage.upstreamOf(model.id).map((e) => sandbox.store.tables.byId(e.from.id)?.fullyQualifiedName ?? e.from.id);
  return { version: model.version, lineage: names.sort() };
}

/** Once the server is well again, publishing again completes what is missing, exactly. */
async function publishAgainCompletes(): Promise<void> {
  sandbox.faults.clear();
  const c = client();
  const again = await plan(c);
  const report = await executePlan(again, c);
  assert.deepEqual(report.lineageFailed, []);
  assert.equal(report.version, 0.1, 'created once at 0.1; publishing the same file again does not move it');
  assert.deepEqual(held(), { version: 0.1, lineage: TABLES });
}

// On the model's PUT: `written` says whether the fault lets the model reach the store. Faults that
// leave the outcome unknown to the client (no usable answer came back) must say so.
const MODEL_FAULTS: Array<{ name: string; rule: FaultRule; written: boolean; uncertain: boolean; pattern: RegExp }> = [
  { name: '400', rule: { status: 400, message: 'Invalid request' }, written: false, uncertain: false, pattern: /rejected PUT \/api\/v1\/mlmodels \(400\): Invalid request/ },
  { name: '401', rule: { status: 401 }, written: false, uncertain: false, pattern: /requires a token \(401\)/ },
  { name: '403', rule: { status: 403, message: 'not allowed' }, written: false, uncertain: false, pattern: /\(403\): the token's user lacks the permission/ },
  { name: '404', rule: { status: 404 }, written: false, uncertain: false, pattern: /not found .*\(404\)/ },
  { name: '429 with Retry-After', rule: { status: 429, retryAfterSeconds: 0.01 }, written: false, uncertain: false, pattern: /throttling requests \(429\).*tried 3 times/ },
  { name: '500', rule: { status: 500, message: 'NullPointerException' }, written: false, uncertain: false, pattern: /\(500\): NullPointerException/ },
  { name: '503', rule: { status: 503 }, written: false, uncertain: false, pattern: /\(503\) \(tried 3 times\)/ },
  { name: 'slow (beyond the timeout)', rule: { latencyMs: 1_500 }, written: false, uncertain: true, pattern: /did not answer PUT \/api\/v1\/mlmodels within 300 ms/ },
  { name: 'connection dropped before the response', rule: { drop: 'before-response' }, written: false, uncertain: true, pattern: /connection .* was lost during PUT/ },
  { name: 'connection dropped mid-body', rule: { drop: 'mid-body' }, written: true, uncertain: true, pattern: /connection .* was lost during PUT/ },
  { name: 'malformed JSON', rule: { malformedJson: true }, written: false, uncertain: true, pattern: /not valid JSON/ },
  { name: 'a huge response', rule: { hugeBodyBytes: 2 * 1024 * 1024 }, written: false, uncertain: true, pattern: /sent more than 1 MiB/ },
];

for (const fault of MODEL_FAULTS) {
  test(`the model's PUT fails (${fault.name}): one clear message, nothing reported that did not happen, and publishing again completes`, async () => {
    const c = client(fault.name.startsWith('slow') ? 300 : 2_000);
    const p = await plan(c);
    sandbox.faults.add({ method: 'PUT', path: '/api/v1/mlmodels', ...fault.rule });
    const error = await executePlan(p, c).then(
      () => assert.fail('expected the publish to fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof PublishStepError);
    assert.equal(error.uncertain, fault.uncertain);
    assert.match(error.message, fault.pattern);
    assert.equal(error.message.split('\n').length, 1, 'one line');
    if (fault.uncertain) assert.match(error.message, /may or may not have been written; publish again/);
    else assert.match(error.message, /^Writing the model failed: /);
    assert.equal(held().version, fault.written ? 0.1 : undefined, 'the server holds what the fault let through');
    assert.ok(!sandbox.requests().some((r) => r.path === '/api/v1/lineage'), 'no lineage for a model that may not exist');
    await publishAgainCompletes();
  });
}

const LINEAGE_FAULTS: Array<{ name: string; rule: FaultRule; pattern: RegExp }> = [
  { name: '403', rule: { status: 403, message: 'EditLineage not allowed' }, pattern: /\(403\).*EditLineage not allowed/ },
  { name: '429 with Retry-After', rule: { status: 429, retryAfterSeconds: 0.01 }, pattern: /throttling requests \(429\)/ },
  { name: '500', rule: { status: 500 }, pattern: /\(500\)/ },
  { name: 'connection dropped mid-body', rule: { drop: 'mid-body' }, pattern: /was lost during PUT \/api\/v1\/lineage/ },
  { name: 'slow (beyond the timeout)', rule: { latencyMs: 1_500 }, pattern: /did not answer PUT \/api\/v1\/lineage within 300 ms/ },
];

for (const fault of LINEAGE_FAULTS) {
  test(`every lineage PUT fails (${fault.name}): the model is reported written and each edge not written, by table`, async () => {
    const c = client(fault.name.startsWith('slow') ? 300 : 2_000);
    const p = await plan(c);
    sandbox.faults.add({ method: 'PUT', path: '/api/v1/lineage', ...fault.rule });
    const report = await executePlan(p, c);
    assert.equal(report.version, 0.1);
    assert.deepEqual(report.lineageFailed.map((f) => f.table), TABLES);
    for (const f of report.lineageFailed) assert.match(f.message, fault.pattern);
    // (The server holds the edges all the same: like upstream, it adds a feature source's table as
    // the model's upstream when the model is written. The explicit PUT is what the SDK also sends.)
    assert.deepEqual(held(), { version: 0.1, lineage: TABLES });
    await publishAgainCompletes();
  });
}

const temp = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

test('CLI: a file that cannot be read stops the publish before anything is written', async () => {
  const r = await runCli(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml', 'examples/no-such.mlmodel.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /examples\/no-such\.mlmodel\.yaml: cannot read: no such file/);
  assert.deepEqual(sandbox.requests().filter((q) => q.method !== 'GET'), [], 'nothing written');
  assertNoStackTrace(r.stdout + r.stderr, 'publish');
});

test('CLI: a server failing on the second file: the first is reported published, the second not, exit 1', async () => {
  const first = temp('first.mlmodel.yaml', 'name: first\nalgorithm: a\nservice: mlflow_svc\n');
  sandbox.faults.add({ path: '/api/v1/tables/name/sample_data.ecommerce_db.shopify.fact_sale', status: 500, message: 'index unavailable' });
  const text = await runCli(['publish', '--server', sandbox.url, first, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(text.code, 1, text.stdout + text.stderr);
  assert.match(text.stdout, /first\.mlmodel\.yaml: mlflow_svc\.first created \(new model, version 0\.1\)/);
  assert.match(text.stdout, /examples\/eta_predictions\.mlmodel\.yaml: not published: .*\(500\): index unavailable/);
  assertNoStackTrace(text.stdout + text.stderr, 'publish');

  const json = await runCli(['publish', '--server', sandbox.url, '--format', 'json', first, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(json.code, 1);
  const outcomes = JSON.parse(json.stdout) as Array<{ status: string; error?: string }>;
  assert.deepEqual(outcomes.map((o) => o.status), ['unchanged', 'failed']);
  assert.match(outcomes[1].error!, /\(500\): index unavailable/);
  assert.equal(held().version, undefined, 'the second model was not written');
});

test('CLI: the model written but its answer lost: reported as uncertain, exit 1; publishing again completes', async () => {
  sandbox.faults.add({ method: 'PUT', path: '/api/v1/mlmodels', drop: 'mid-body' });
  const r = await runCli(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /may or may not have been written; publish again/);
  assertNoStackTrace(r.stdout + r.stderr, 'publish');
  sandbox.faults.clear();
  const again = await runCli(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /mlflow_svc\.eta_predictions unchanged/);
  assert.deepEqual(held(), { version: 0.1, lineage: TABLES });
});

test('CLI: lineage that could not be written is named, with what to do; exit 1', async () => {
  sandbox.faults.add({ method: 'PUT', path: '/api/v1/lineage', status: 500, message: 'lineage store down', times: 1 });
  const r = await runCli(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /lineage from sample_data\.ecommerce_db\.shopify\.\w+ NOT written: .*lineage store down/);
  assert.match(r.stdout, /publish again to complete the lineage/);
  const again = await runCli(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(again.code, 0);
  assert.deepEqual(held(), { version: 0.1, lineage: TABLES });
});
