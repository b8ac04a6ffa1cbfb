// `mlmodel validate --server`: the catalog checks in CI, against a sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { runCli } from '../helpers/cli';

let sandbox: Sandbox;
let secured: Sandbox;

before(async () => {
  sandbox = await startSandbox();
  secured = await startSandbox({ token: 'sandbox-secret-token' });
});
after(async () => {
  await sandbox.close();
  await secured.close();
});

const run = runCli;

function modelFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mlmodel-validate-')), 'm.mlmodel.yaml');
  writeFileSync(file, text);
  return file;
}

test('the examples check clean against the sample catalog', async () => {
  const r = await run(['validate', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml', 'examples/forecast_sales.mlmodel.yaml']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stdout, '2 files valid\n');
});

test('unknown references and governance warnings are reported with suggestions', async () => {
  const file = modelFile(
    'name: m\nalgorithm: a\nservice: mlflow_svc\nmlFeatures:\n  - name: contact\n    featureSources:\n      - name: email\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n      - name: gross_sales\n        dataSource: sample_data.ecommerce_db.shopify.fact_sal\n',
  );
  const r = await run(['validate', '--server', sandbox.url, '--format', 'json', file]);
  assert.equal(r.code, 1, r.stderr);
  const [result] = JSON.parse(r.stdout);
  assert.deepEqual(
    result.diagnostics.map((d: { code: string; severity: string }) => [d.code, d.severity]),
    [
      ['sensitive-data', 'warning'],
      ['unknown-table', 'error'],
    ],
  );
  assert.match(result.diagnostics[1].message, /Did you mean `sample_data\.ecommerce_db\.shopify\.fact_sale`/);
});

test('the token comes from OPENMETADATA_TOKEN or --token-env; a refused one exits 2 with a message and no token', async () => {
  const ok = await run(['validate', '--server', secured.url, 'examples/forecast_sales.mlmodel.yaml'], { OPENMETADATA_TOKEN: 'sandbox-secret-token' });
  assert.equal(ok.code, 0, ok.stderr);
  const named = await run(['validate', '--server', secured.url, '--token-env', 'MY_TOKEN', 'examples/forecast_sales.mlmodel.yaml'], { MY_TOKEN: 'sandbox-secret-token' });
  assert.equal(named.code, 0, named.stderr);
  const refused = await run(['validate', '--server', secured.url, 'examples/forecast_sales.mlmodel.yaml'], { OPENMETADATA_TOKEN: 'wrong-token-value' });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /token was rejected by http:\/\/127\.0\.0\.1:\d+ \(401\)/);
  assert.doesNotMatch(refused.stdout + refused.stderr, /wrong-token-value/);
});

test('an unreachable server exits 2 with a message, never a stack trace', async () => {
  const r = await run(['validate', '--server', 'http://127.0.0.1:9', 'examples/forecast_sales.mlmodel.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /127\.0\.0\.1:9/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('what the server would refuse is an error on its line, with the server’s message (a team not of type Group, two tags of one exclusive classification)', async () => {
  const file = modelFile('name: m\nalgorithm: a\nservice: mlflow_svc\nowners:\n  - team: Analytics\ntags:\n  - Tier.Tier1\n  - Tier.Tier2\n');
  const r = await run(['validate', '--server', sandbox.url, file]);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    `${file}:5:11 error Team of type Division can't own entities. Only Team of type Group can own entities. (\`Analytics\` is a Division.) [invalid-owner]`,
    `${file}:8:5 error Tag labels Tier.Tier2 and Tier.Tier1 are mutually exclusive and can't be assigned together: \`Tier\` allows one of its tags per entity. [exclusive-tags]`,
    '2 errors, 0 warnings in 1 file',
  ]);
});

test('a # mlmodel-ignore comment acknowledges a sensitive-data warning: not printed or counted; listed under `suppressed` in JSON', async () => {
  const file = modelFile(
    'name: m\nalgorithm: a\nservice: mlflow_svc\nmlFeatures:\n  - name: contact\n    featureSources:\n      # mlmodel-ignore sensitive-data: consented marketing use\n      - name: email\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n',
  );
  const text = await run(['validate', '--server', sandbox.url, file]);
  assert.equal(text.code, 0, text.stdout + text.stderr);
  assert.equal(text.stdout, '1 file valid (1 acknowledged by # mlmodel-ignore)\n');
  const json = await run(['validate', '--server', sandbox.url, '--format', 'json', file]);
  const [result] = JSON.parse(json.stdout);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(
    result.suppressed.map((d: { code: string; severity: string; range: { start: { line: number } }; suppressions: unknown }) => [d.code, d.severity, d.range.start.line, d.suppressions]),
    [['sensitive-data', 'warning', 7, [{ kind: 'inSource', justification: 'consented marketing use', range: { start: { line: 6, character: 6 }, end: { line: 6, character: 62 } } }]]],
  );
  // Without a reason: still acknowledged, and the comment is a warning of its own.
  const bare = await run(['validate', '--server', sandbox.url, modelFile(readFileSync(file, 'utf8').replace(': consented marketing use', ''))]);
  assert.match(bare.stdout, /:7:7 warning Say why the warning is acknowledged.* \[ignore-comment\]\n0 errors, 1 warning in 1 file \(1 acknowledged by # mlmodel-ignore\)\n$/);
});

test('a 500 in passing is asked again: the unknown table is still reported (exit 1), not skipped', async (t) => {
  const fault = sandbox.faults.add({ method: 'GET', path: '/api/v1/tables/name/sample_data.ecommerce_db.shopify.fact_sal', status: 500, times: 1 });
  t.after(() => sandbox.faults.remove(fault));
  const file = modelFile('name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: x\n        dataSource: sample_data.ecommerce_db.shopify.fact_sal\n');
  const r = await run(['validate', '--server', sandbox.url, file]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /Unknown table `sample_data\.ecommerce_db\.shopify\.fact_sal`.*\[unknown-table\]/);
  assert.doesNotMatch(r.stdout, /catalog-unavailable/);
});

test('a server that keeps failing during the checks: exit 2, said on stderr (the checks are incomplete)', async (t) => {
  // The first answer and the three retries (after 1 s, 2 s and 4 s) all fail.
  const fault = sandbox.faults.add({ method: 'GET', path: '/api/v1/tables/name/sample_data.ecommerce_db.shopify.fact_sal', status: 500, times: 4 });
  t.after(() => sandbox.faults.remove(fault));
  const file = modelFile('name: m\nalgorithm: a\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: x\n        dataSource: sample_data.ecommerce_db.shopify.fact_sal\n');
  const r = await run(['validate', '--server', sandbox.url, file]);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /the catalog checks are incomplete: .*500/);
});
