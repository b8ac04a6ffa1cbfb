// With a bot's token, `diff`, `publish --dry-run` and `publish` name each edit of the file that the
// server will keep as it is (a bot's PUT keeps a description, displayName, extension and domains
// people wrote): before a publish as what it will do, after one as a warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli as run } from '../helpers/cli';
import { ETA_PREDICTIONS as eta, tempModelFile as temp } from '../helpers/models';
import { useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox({ token: 'admin-token', botToken: 'bot-token' });
const ADMIN = { OPENMETADATA_TOKEN: 'admin-token' };
const BOT = { OPENMETADATA_TOKEN: 'bot-token' };
const EXAMPLE = 'examples/eta_predictions.mlmodel.yaml';
const LINE = (field: string) => `${field}: kept on the server — a bot's token cannot change it; publish with a personal access token`;

test("a bot's token: diff, dry run and publish name the edits it cannot apply", async () => {
  assert.equal((await run(['publish', '--server', sandbox.url, EXAMPLE], ADMIN)).code, 0);
  const edited = temp('eta.mlmodel.yaml', eta.replace('displayName: ETA Predictions', 'displayName: ETA (job)').replace('  ETA Predictions Model.\n', '  Written by the job.\n').replace('algorithm: Neural Network', 'algorithm: Transformer'));

  const diff = await run(['diff', '--server', sandbox.url, edited], BOT);
  assert.equal(diff.code, 3, diff.stdout + diff.stderr);
  // The version is what the server makes: the algorithm (major), not the kept fields.
  assert.match(diff.stdout, /^mlflow_svc\.eta_predictions: 0\.1 → 1\.1: algorithm changed \(major\); kept on the server \(a bot's token cannot change them; publish with a personal access token\): description, displayName\n/);
  assert.ok(diff.stdout.includes(`\n${LINE('description')}\n${LINE('displayName')}\n`), diff.stdout);

  const dry = await run(['publish', '--dry-run', '--server', sandbox.url, edited], BOT);
  assert.equal(dry.code, 0, dry.stdout + dry.stderr);
  assert.ok(dry.stdout.includes(`would update (0.1 → 1.1: algorithm changed (major); kept on the server (a bot's token cannot change them; publish with a personal access token): description, displayName)`), dry.stdout);
  assert.ok(dry.stdout.includes(`\n  ${LINE('description')}\n  ${LINE('displayName')}\n`), dry.stdout);
  const json = JSON.parse((await run(['publish', '--dry-run', '--format', 'json', '--server', sandbox.url, edited], BOT)).stdout);
  assert.deepEqual(json[0].keptForBot, ['description', 'displayName']);

  const published = await run(['publish', '--server', sandbox.url, edited], BOT);
  assert.equal(published.code, 0, published.stdout + published.stderr);
  assert.ok(published.stdout.includes(`\n  warning: ${LINE('description')}\n  warning: ${LINE('displayName')}\n`), published.stdout);
  const stored = sandbox.store.mlmodels.getByFqn('mlflow_svc.eta_predictions')!;
  assert.deepEqual([stored.version, stored.algorithm, stored.displayName], [1.1, 'Transformer', 'ETA Predictions']);

  // A person's token applies them: nothing to say.
  const person = await run(['publish', '--dry-run', '--server', sandbox.url, edited], ADMIN);
  assert.ok(!person.stdout.includes('kept on the server'), person.stdout);
});
