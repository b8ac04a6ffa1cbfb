// `mlmodel publish`, `diff` and `pull` against a sandbox, as CI runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run } from '../helpers/cli';
import { ETA_PREDICTIONS as eta, tempModelFile as temp } from '../helpers/models';
import { useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();

test('publish creates the model with its lineage, and a second publish changes nothing', async () => {
  const first = await run(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  assert.equal(
    first.stdout,
    [
      'examples/eta_predictions.mlmodel.yaml: mlflow_svc.eta_predictions created (new model, version 0.1)',
      '  lineage: 2 tables → model',
      `  ${sandbox.url}/mlmodel/mlflow_svc.eta_predictions`,
      '',
    ].join('\n'),
  );
  const second = await run(['publish', '--server', sandbox.url, '--format', 'json', 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(second.code, 0);
  const [outcome] = JSON.parse(second.stdout);
  assert.deepEqual([outcome.status, outcome.action, outcome.version], ['unchanged', 'unchanged', { from: 0.1, to: 0.1 }]);
  assert.deepEqual(outcome.lineage.present, ['sample_data.ecommerce_db.shopify.fact_sale', 'sample_data.ecommerce_db.shopify.raw_customer']);
});

test('--dry-run and diff show the change and the version without writing', async () => {
  await run(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  const changed = temp('eta.mlmodel.yaml', eta.replace('algorithm: Neural Network', 'algorithm: Transformer'));
  sandbox.clearRequests();
  const dry = await run(['publish', '--server', sandbox.url, '--dry-run', changed]);
  assert.equal(dry.code, 0);
  assert.match(dry.stdout, /mlflow_svc\.eta_predictions would update \(0\.1 → 1\.1: algorithm changed \(major\)\)/);
  const diff = await run(['diff', '--server', sandbox.url, changed]);
  assert.equal(diff.code, 3);
  assert.match(diff.stdout, /^mlflow_svc\.eta_predictions: 0\.1 → 1\.1: algorithm changed \(major\)\n/);
  assert.match(diff.stdout, /\n-algorithm: Neural Network\n\+algorithm: Transformer\n/);
  assert.ok(sandbox.requests().every((r) => r.method === 'GET'), 'nothing was written');

  // Published: 0.1 → 1.1 (upstream's nextMajorVersion, worked out by hand), in the output and on the server.
  const published = await run(['publish', '--server', sandbox.url, '--format', 'json', changed]);
  assert.equal(published.code, 0, published.stderr);
  assert.deepEqual(JSON.parse(published.stdout)[0].version, { from: 0.1, to: 1.1 });
  assert.equal(sandbox.store.mlmodels.getByFqn('mlflow_svc.eta_predictions')?.version, 1.1);
});

test('a file with an unresolved table is reported on its line and not published', async () => {
  const file = temp('bad.mlmodel.yaml', eta.replace('shopify.raw_customer', 'shopify.raw_custmer'));
  sandbox.clearRequests();
  const r = await run(['publish', '--server', sandbox.url, file]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /bad\.mlmodel\.yaml:31:21 error Cannot publish: the table `sample_data\.ecommerce_db\.shopify\.raw_custmer` does not exist on the server\. \[unknown-table\]/);
  assert.match(r.stdout, /bad\.mlmodel\.yaml: not published/);
  assert.ok(sandbox.requests().every((q) => q.method === 'GET'));
});

test('a file that is not UTF-8, or holds U+FFFD or NUL, is refused by publish and diff and never published', async () => {
  const latin1 = temp('latin1.mlmodel.yaml', '');
  writeFileSync(latin1, Buffer.from(eta.replace('name: eta_predictions', 'name: café_model'), 'latin1'));
  const line = eta.split('\n').findIndex((l) => l.startsWith('name: eta_predictions')) + 1;
  const replaced = temp('replaced.mlmodel.yaml', eta.replace('name: eta_predictions', 'name: caf\uFFFD_model'));
  const nul = temp('nul.mlmodel.yaml', eta.replace('name: eta_predictions', 'name: caf\u0000_model'));
  sandbox.clearRequests();
  for (const args of [['publish'], ['publish', '--dry-run'], ['diff']]) {
    const r = await run([...args, '--server', sandbox.url, latin1]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`latin1\\.mlmodel\\.yaml: cannot read: not valid UTF-8: byte 0xE9 at line ${line}, column 10`));
    for (const [file, says] of [[replaced, 'U\\+FFFD'], [nul, 'A NUL character']]) {
      const f = await run([...args, '--server', sandbox.url, file]);
      assert.equal(f.code, 1, `${args.join(' ')} ${file}: ${f.stdout}${f.stderr}`);
      assert.match(f.stdout, new RegExp(`\\.mlmodel\\.yaml:${line}:10 error ${says} .*\\[invalid-character\\]`));
    }
  }
  assert.ok(sandbox.requests().every((r) => r.method === 'GET'), 'nothing was written');
});

test('pull writes the model in the file format; publishing the pulled file is a no-op', async () => {
  await run(['publish', '--server', sandbox.url, 'examples/eta_predictions.mlmodel.yaml']);
  const out = join(mkdtempSync(join(tmpdir(), 'mlmodel-pull-')), 'eta.mlmodel.yaml');
  const pulled = await run(['pull', '--server', sandbox.url, 'mlflow_svc.eta_predictions', '-o', out]);
  assert.equal(pulled.code, 0, pulled.stderr);
  const text = readFileSync(out, 'utf8');
  assert.match(text, /^# Pulled from http:\/\/127\.0\.0\.1:\d+: mlflow_svc\.eta_predictions, version 0\.1\.\nname: eta_predictions\n/);
  const valid = await run(['validate', out]);
  assert.equal(valid.code, 0, valid.stdout);
  const again = await run(['publish', '--server', sandbox.url, '--format', 'json', out]);
  assert.equal(JSON.parse(again.stdout)[0].action, 'unchanged');
  const missing = await run(['pull', '--server', sandbox.url, 'mlflow_svc.nope']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /ML model mlflow_svc\.nope not found/);
});

test('publish without --server, or to a dead server, exits 2 with a message', async () => {
  const none = await run(['publish', 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--server URL is required/);
  const dead = await run(['publish', '--server', 'http://127.0.0.1:9', 'examples/eta_predictions.mlmodel.yaml']);
  assert.equal(dead.code, 2);
  assert.doesNotMatch(dead.stderr, /\n\s+at /);
});
