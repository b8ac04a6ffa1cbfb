// The server URL from OPENMETADATA_HOST_PORT when --server is not given (as OpenMetadata's
// ingestion configurations write `hostPort`, with `/api`, or without it); --server wins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { runCli } from '../helpers/cli';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

const UNKNOWN_TABLE = 'name: m\nalgorithm: a\nservice: mlflow_svc\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: x\n        dataSource: sample_data.ecommerce_db.shopify.fact_sal\n';

function modelFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mlmodel-env-')), 'm.mlmodel.yaml');
  writeFileSync(file, text);
  return file;
}

test('validate: OPENMETADATA_HOST_PORT with /api, or without, turns the catalog checks on', async () => {
  const file = modelFile(UNKNOWN_TABLE);
  for (const hostPort of [`${sandbox.url}/api`, `${sandbox.url}/api/`, sandbox.url]) {
    const r = await runCli(['validate', file], { OPENMETADATA_HOST_PORT: hostPort });
    assert.equal(r.code, 1, `${hostPort}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /Unknown table `sample_data\.ecommerce_db\.shopify\.fact_sal`.*\[unknown-table\]/);
  }
  const without = await runCli(['validate', file]);
  assert.equal(without.code, 0, 'no server: the format only');
});

test('--server wins over OPENMETADATA_HOST_PORT', async () => {
  const file = modelFile(UNKNOWN_TABLE);
  const r = await runCli(['validate', '--server', sandbox.url, file], { OPENMETADATA_HOST_PORT: 'http://127.0.0.1:9/api' });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /\[unknown-table\]/);
  const other = await runCli(['validate', '--server', 'http://127.0.0.1:9', file], { OPENMETADATA_HOST_PORT: sandbox.url });
  assert.equal(other.code, 2);
  assert.match(other.stderr, /127\.0\.0\.1:9\b/);
});

test('publish takes the server from OPENMETADATA_HOST_PORT; its links are the UI\'s, without /api', async () => {
  const r = await runCli(['publish', 'examples/forecast_sales.mlmodel.yaml'], { OPENMETADATA_HOST_PORT: `${sandbox.url}/api` });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /mlflow_svc\.forecast_sales created/);
  assert.ok(r.stdout.includes(`  ${sandbox.url}/mlmodel/mlflow_svc.forecast_sales\n`), r.stdout);
});

test('a value that is no http(s) URL is named as coming from the variable; none at all names both ways', async () => {
  const bad = await runCli(['validate', 'examples/forecast_sales.mlmodel.yaml'], { OPENMETADATA_HOST_PORT: 'localhost:8585/api' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /OPENMETADATA_HOST_PORT must be an http:\/\/ or https:\/\/ URL, not localhost:8585\/api/);
  const none = await runCli(['pull', 'mlflow_svc.x']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--server URL is required \(or set OPENMETADATA_HOST_PORT\)/);
});
