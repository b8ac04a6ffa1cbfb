// Publishing with a bot's token: upstream's EntityUpdater keeps, on a bot's PUT, a non-empty
// description and displayName, the extension and set domains (the newest MlModelUpdater a stored
// feature description too), and applies everything else, owners included. The plan must predict
// the version the server really makes and name each edit the token cannot apply. The sandbox plays
// the bot (`botToken`) with its own updater; the expected fields and versions are written by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executePlan } from '../../server/src/publish/execute';
import { startSandbox } from '../../server/src/sandbox/server';
import { CancellationToken } from 'vscode-languageserver';
import { TOKEN_ENV, TOKEN_URL_ENV, type CatalogStatus } from '../../server/src/shared/protocol';
import { ETA_PREDICTIONS } from '../helpers/models';
import { clientOf, planFor } from '../helpers/sandbox';
import { inProcessServer } from '../helpers/inProcessServer';

const FQN = 'mlflow_svc.eta_predictions';
const PUBLISHED = `${ETA_PREDICTIONS}extension:\n  team: ml\n`;
/** What an ingestion job's file says: every field a bot's PUT keeps is edited, and owners too. */
const EDITED = PUBLISHED.replace('displayName: ETA Predictions', 'displayName: ETA (bot)')
  .replace('  ETA Predictions Model.\n', '  Written by the job.\n')
  .replace('description: Sales amount', 'description: Sales, by the job')
  .replace('  team: ml', '  team: bot')
  .replace('  - user: aaron_johnson0\n', '  - team: Data\n');

for (const version of ['1.10', '2.0'] as const) {
  test(`a bot's publish (${version}): the edits it cannot apply are named, the version is the server's, owners change`, async () => {
    const sandbox = await startSandbox({ serverVersion: version, token: 'admin-token', botToken: 'bot-token' });
    try {
      const person = clientOf(sandbox, { token: 'admin-token' });
      const bot = clientOf(sandbox, { token: 'bot-token' });
      await executePlan(await planFor(person, PUBLISHED), person);
      assert.deepEqual((await planFor(person, PUBLISHED)).keptForBot, [], 'a person\'s token applies everything');

      const byBot = await planFor(bot, EDITED);
      // Only 2.0's MlModelUpdater keeps a stored feature description for a bot (featureRulesOnPut).
      const kept = ['description', 'displayName', 'extension', ...(version === '2.0' ? ['mlFeatures.sales.description'] : [])];
      assert.deepEqual(byBot.keptForBot, kept);
      assert.match(byBot.summary, new RegExp(`; kept on the server \\(a bot's token cannot change them; publish with a personal access token\\): ${kept.join(', ')}$`));
      // Owners (the user replaced by the team Data) and the feature (its description differs, so the whole feature does) change: +0.1.
      assert.deepEqual(byBot.version, { from: 0.1, to: 0.2 });
      assert.ok(byBot.changedFields.includes('owners'), byBot.summary);
      for (const field of ['description', 'displayName', 'extension']) assert.ok(!byBot.changedFields.includes(field), byBot.summary);

      const report = await executePlan(byBot, bot);
      assert.equal(report.version, 0.2);
      const stored = sandbox.store.mlmodels.getByFqn(FQN)!;
      assert.equal(stored.displayName, 'ETA Predictions');
      assert.match(stored.description ?? '', /^ETA Predictions Model\./);
      assert.deepEqual(stored.extension, { team: 'ml' });
      assert.deepEqual((stored.owners ?? []).map((o) => o.name), ['Data']);
      assert.equal(stored.mlFeatures?.[0].description, version === '2.0' ? 'Sales amount' : 'Sales, by the job');

      // Publishing the same file again with the bot: still kept, and the prediction still the server's.
      const again = await planFor(bot, EDITED);
      assert.deepEqual(again.keptForBot, kept);
      assert.equal((await executePlan(again, bot)).version, again.version.to);
    } finally {
      await sandbox.close();
    }
  });
}

test("the editor signed in with a bot's token: the preview's title and the message after publishing name the kept edits", async () => {
  const sandbox = await startSandbox({ token: 'admin-token', botToken: 'bot-token' });
  const lsp = await inProcessServer({ serverUrl: sandbox.url }, { env: { [TOKEN_ENV]: 'bot-token', [TOKEN_URL_ENV]: sandbox.url } });
  try {
    const person = clientOf(sandbox, { token: 'admin-token' });
    await executePlan(await planFor(person, PUBLISHED), person);
    await lsp.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
    const uri = 'file:///work/eta_predictions.mlmodel.yaml';
    await lsp.open(uri, EDITED);
    const note = "; kept on the server (a bot's token cannot change them; publish with a personal access token): description, displayName, extension, mlFeatures.sales.description";
    const preview = await lsp.server.publish.preview(uri, CancellationToken.None);
    assert.ok(preview.ok && preview.summary?.endsWith(note), JSON.stringify(preview.message));
    const published = await lsp.server.publish.publish(uri, CancellationToken.None);
    assert.ok(published.ok && published.message.includes(note), published.message);
    assert.deepEqual(published.keptForBot, ['description', 'displayName', 'extension', 'mlFeatures.sales.description'], 'the editor shows it as a warning');
  } finally {
    await lsp.close();
    await sandbox.close();
  }
});
