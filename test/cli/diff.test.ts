// `mlmodel diff`'s exit status tells a script which case it is in: 0 nothing would change, 1 the
// file is invalid (it could not be published), 3 changes are pending, 2 usage or an unusable server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli as run } from '../helpers/cli';
import { ETA_PREDICTIONS as eta, tempModelFile as temp } from '../helpers/models';
import { useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();
const EXAMPLE = 'examples/eta_predictions.mlmodel.yaml';

test('diff: 3 while changes are pending, 0 once published, 1 for an invalid file, 2 for an unreadable one', async () => {
  const pending = await run(['diff', '--server', sandbox.url, EXAMPLE]);
  assert.equal(pending.code, 3, pending.stdout + pending.stderr);
  assert.match(pending.stdout, /^mlflow_svc\.eta_predictions: new model, version 0\.1\n/);

  assert.equal((await run(['publish', '--server', sandbox.url, EXAMPLE])).code, 0);
  const settled = await run(['diff', '--server', sandbox.url, EXAMPLE]);
  assert.deepEqual([settled.code, settled.stdout], [0, 'mlflow_svc.eta_predictions: unchanged, version 0.1\n']);

  const changed = await run(['diff', '--server', sandbox.url, temp('eta.mlmodel.yaml', eta.replace('algorithm: Neural Network', 'algorithm: Transformer'))]);
  assert.equal(changed.code, 3, changed.stdout + changed.stderr);

  // A schema error and a reference the server does not have: both make the file invalid.
  for (const invalid of [eta.replace('algorithm: Neural Network', 'algorithm: [Neural Network]'), eta.replace('shopify.raw_customer', 'shopify.raw_custmer')]) {
    const r = await run(['diff', '--server', sandbox.url, temp('bad.mlmodel.yaml', invalid)]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /bad\.mlmodel\.yaml:\d+:\d+ error /);
  }

  const unreadable = await run(['diff', '--server', sandbox.url, 'examples/no-such.mlmodel.yaml']);
  assert.equal(unreadable.code, 2);
  assert.match(unreadable.stderr, /no-such\.mlmodel\.yaml: cannot read: no such file/);
});

test('diff --help documents each exit status', async () => {
  const help = await run(['diff', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout.replace(/\s+/g, ' '), /Exit status: 0 no change, 1 an invalid file \(errors, or a reference the server does not have\), 2 usage error, unreadable file or unusable server, 3 changes pending\./);
});
