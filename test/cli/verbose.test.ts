// `--verbose` logs every attempt of a request, retried ones too: method, path, status or what went
// wrong, time, and the retry with its delay. Never the token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli as run } from '../helpers/cli';
import { useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();
const TOKEN = 'eyJverbose-test-token-7c1f0d2a9b';
const MODEL = '/api/v1/mlmodels/name/mlflow_svc.eta_predictions';

test('a 503 then a 200: both attempts and the retry between them, in order; no token', async () => {
  await run(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  sandbox.faults.add({ method: 'GET', path: '/api/v1/mlmodels/name/', status: 503, times: 1 });
  const r = await run(['pull', '--verbose', '--server', sandbox.url, 'mlflow_svc.eta_predictions', '-o', '-'], { OPENMETADATA_TOKEN: TOKEN });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.includes(MODEL));
  assert.equal(lines.length, 3, r.stderr);
  assert.match(lines[0], new RegExp(`^GET ${MODEL} → 503 in \\d+ ms$`));
  assert.match(lines[1], new RegExp(`^GET ${MODEL}: retry 1 after \\d+\\.\\ds$`));
  assert.match(lines[2], new RegExp(`^GET ${MODEL} → 200 in \\d+ ms \\(attempt 2\\)$`));
  assert.ok(!(r.stdout + r.stderr).includes(TOKEN.slice(3, 15)), 'no part of the token');
});

test('a connection dropped before any answer: the attempt is logged with what happened, then the retry', async () => {
  await run(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  sandbox.faults.add({ method: 'GET', path: '/api/v1/mlmodels/name/', drop: 'before-response', times: 1 });
  const r = await run(['pull', '--verbose', '--server', sandbox.url, 'mlflow_svc.eta_predictions', '-o', '-']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.includes(MODEL));
  assert.match(lines[0], new RegExp(`^GET ${MODEL} → connection lost in \\d+ ms$`));
  assert.match(lines[1], new RegExp(`^GET ${MODEL}: retry 1 after \\d+\\.\\ds$`));
  assert.match(lines[2], new RegExp(`^GET ${MODEL} → 200 in \\d+ ms \\(attempt 2\\)$`));
});
