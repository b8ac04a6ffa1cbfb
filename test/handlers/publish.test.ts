// Publish and preview as the editor's confirmation uses them (server/src/handlers/publish.ts, in
// this process): the plan a preview returns (server, action, versions, sensitive data, its key), a
// publish that writes the confirmed plan or nothing, what stops a publish counted as the Problems
// view lists it, and a failure's reason, from which the editor picks what to offer.
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationToken } from 'vscode-languageserver';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { CatalogStatus, PreviewResult } from '../../server/src/shared/protocol';
import { isLocalServer } from '../../server/src/shared/settings';
import { nothingToPublish, publishConfirmation } from '../../server/src/shared/wording';
import { inProcessServer, type InProcess } from '../helpers/inProcessServer';
import { churnModel, churnSpend } from '../helpers/models';
import { clientOf, useSandbox } from '../helpers/sandbox';

const uri = 'file:///work/churn.mlmodel.yaml';
const FQN = 'mlflow_svc.churn';
const sandbox = useSandbox();

async function connected(settings: Record<string, unknown> = {}): Promise<InProcess> {
  const lsp = await inProcessServer({ serverUrl: sandbox.url, debounceMs: 20, ...settings });
  await lsp.next<CatalogStatus>('mlmodel/catalogStatus', (s) => s.state === 'ready');
  return lsp;
}

const none = CancellationToken.None;

test('a preview carries its plan: the server, the action and versions, the sensitive-data warnings the Problems view shows, and a key that stays while nothing changes', async () => {
  const lsp = await connected();
  try {
    const opened = lsp.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.diagnostics.some((d) => d.code === 'sensitive-data'));
    await lsp.open(uri, churnSpend(['gross_sales', 'fact_sale'], ['email', 'dim_customer']));
    const warning = (await opened).diagnostics.find((d) => d.code === 'sensitive-data')!;
    const preview = await lsp.server.publish.preview(uri, none);
    assert.equal(preview.ok, true, preview.message);
    const warned = String(warning.message);
    assert.deepEqual(
      { fqn: preview.fqn, serverUrl: preview.serverUrl, action: preview.action, version: preview.version, sensitive: preview.sensitive },
      { fqn: FQN, serverUrl: sandbox.url, action: 'create', version: { to: 0.1 }, sensitive: [warned] },
    );
    assert.match(warned, /dim_customer\.email.*PII\.Sensitive/);
    assert.ok(preview.planKey);
    assert.equal((await lsp.server.publish.preview(uri, none)).planKey, preview.planKey, 'the same plan, the same key');

    // What the confirmation says of it.
    const { message, detail } = publishConfirmation({ ...(preview as Required<PreviewResult>), host: 'om.example.com', lineage: { add: preview.lineageToAdd!, remove: [], kept: [] } });
    assert.equal(message, `Create ${FQN} on om.example.com?`);
    assert.equal(
      detail,
      [`Server: ${sandbox.url}`, 'Model: new, version 0.1', 'Lineage to add: sample_data.ecommerce_db.shopify.fact_sale, sample_data.ecommerce_db.shopify.dim_customer', '', 'Sensitive data (1):', `• ${warned}`].join('\n'),
    );
  } finally {
    await lsp.close();
  }
});

test('a publish with the confirmed plan writes it; when the server’s model changed since, it writes nothing and says what changed; the fresh plan then publishes', async () => {
  const lsp = await connected();
  try {
    await lsp.open(uri, churnModel(['fact_sale']));
    const created = await lsp.server.publish.publish(uri, none);
    assert.equal(created.ok, true, created.message);

    await lsp.change(uri, 2, churnModel(['fact_sale']).replace('XGBoost', 'LightGBM'));
    const reviewed = await lsp.server.publish.preview(uri, none);
    assert.deepEqual([reviewed.action, reviewed.version, reviewed.summary], ['update', { from: 0.1, to: 1.1 }, '0.1 → 1.1: algorithm changed (major)']);
    const confirmed = { key: reviewed.planKey!, version: reviewed.version! };

    // Someone else changes the model meanwhile: 0.1 → 0.2.
    const om = clientOf(sandbox);
    const stored = sandbox.store.mlmodels.getByFqn(FQN)!;
    await om.patchMlModel(stored.id, [{ op: 'add', path: '/description', value: 'edited in the UI' }]);
    assert.equal(sandbox.store.mlmodels.getByFqn(FQN)!.version, 0.2);

    const refused = await lsp.server.publish.publish(uri, none, confirmed);
    assert.deepEqual(refused, {
      ok: false,
      reason: 'planChanged',
      fqn: FQN,
      message: `${FQN} changed on ${sandbox.url} since you reviewed the publish: version 0.1 is now version 0.2. Nothing was written.`,
    });
    assert.equal(sandbox.store.mlmodels.getByFqn(FQN)!.algorithm, 'XGBoost', 'nothing written');

    const fresh = await lsp.server.publish.preview(uri, none);
    assert.deepEqual(fresh.version, { from: 0.2, to: 1.2 });
    assert.notEqual(fresh.planKey, reviewed.planKey);
    const published = await lsp.server.publish.publish(uri, none, { key: fresh.planKey!, version: fresh.version! });
    assert.equal(published.ok, true, published.message);
    assert.equal(published.version, 1.2);

    // The file changed after the review (same server version): refused too.
    const again = await lsp.server.publish.preview(uri, none);
    await lsp.change(uri, 3, churnModel(['fact_sale', 'dim_customer']).replace('XGBoost', 'LightGBM'));
    const stale = await lsp.server.publish.publish(uri, none, { key: again.planKey!, version: again.version! });
    assert.equal(stale.reason, 'planChanged');
    assert.match(stale.message, /^What publishing mlflow_svc\.churn would change is not what you reviewed/);
  } finally {
    await lsp.close();
  }
});

test('a preview of a model the server already has as the file says it: unchanged, nothing to add or remove', async () => {
  const lsp = await connected();
  try {
    await lsp.open(uri, churnModel(['fact_sale']));
    assert.equal((await lsp.server.publish.publish(uri, none)).ok, true);
    const preview = await lsp.server.publish.preview(uri, none);
    assert.deepEqual([preview.action, preview.version, preview.lineageToAdd, preview.lineageToRemove], ['unchanged', { from: 0.1, to: 0.1 }, [], []]);
    assert.equal(nothingToPublish(preview.fqn!, 'om.example.com', preview.version!.from), `Nothing to publish: ${FQN} on om.example.com already matches the file (version 0.1).`);
  } finally {
    await lsp.close();
  }
});

test('what stops a publish is counted as the Problems view lists it: its errors, two checks on one token being one; a warning stops nothing; a code turned off is named', async () => {
  const lsp = await connected();
  try {
    // `serv` is both a YAML error and an unknown field: one diagnostic. The publish stops at it,
    // before the references, but the table the catalog lacks is an error in the list too, and
    // would stop it next. The sensitive column is a warning, which stops nothing.
    await lsp.open(uri, churnSpend(['email', 'dim_customer'], ['c', 'no_such_table']) + 'serv\n');
    const answered = await lsp.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.diagnostics.some((d) => d.code === 'sensitive-data') && p.diagnostics.some((d) => d.code === 'unknown-table'));
    const errors = answered.diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(errors.map((d) => d.code), ['unknown-table', 'yaml-syntax']);
    const refused = await lsp.server.publish.publish(uri, none);
    assert.deepEqual(refused, { ok: false, reason: 'problems', problems: 2, message: 'Not published: 2 problems stop the publish.' });
    assert.deepEqual(await lsp.server.publish.preview(uri, none), { ok: false, reason: 'problems', problems: 2, message: 'Nothing to preview: 2 problems stop the publish.' });

    // One table the server lacks, found by the publish: one entry, on its line.
    await lsp.change(uri, 2, churnModel(['fact_sale', 'no_such_1']));
    const one = await lsp.server.publish.publish(uri, none);
    assert.equal(one.message, 'Not published: 1 problem stops the publish.');
    const listed = await lsp.next<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.version === 2 && p.diagnostics.some((d) => String(d.message).startsWith('Cannot publish')));
    assert.equal(listed.diagnostics.filter((d) => d.severity === 1).length, one.problems);
  } finally {
    await lsp.close();
  }
  const off = await connected({ severity: { 'unknown-field': 'off' } });
  try {
    const shown = await off.open(uri, churnModel(['fact_sale']) + 'bogus: 1\n');
    assert.deepEqual(shown.diagnostics, [], 'the Problems view lists nothing');
    const refused = await off.server.publish.publish(uri, none);
    assert.equal(refused.problems, 0);
    assert.match(refused.message, /^Not published: 1 problem that mlmodel\.diagnostics\.severity turns off stops the publish: Unknown field `bogus`/);
  } finally {
    await off.close();
  }
});

test('why a publish or a preview did not happen: no server, a server that cannot be reached', async () => {
  const none_ = await inProcessServer({ debounceMs: 20 });
  try {
    await none_.open(uri, churnModel(['fact_sale']));
    const published = await none_.server.publish.publish(uri, none);
    assert.deepEqual([published.ok, published.reason], [false, 'notConnected']);
    assert.equal((await none_.server.publish.preview(uri, none)).reason, 'notConnected');
  } finally {
    await none_.close();
  }
  // A port nothing listens on any more.
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const gone = await inProcessServer({ serverUrl: `http://127.0.0.1:${port}`, debounceMs: 20 });
  try {
    await gone.open(uri, churnModel(['fact_sale']));
    const published = await gone.server.publish.publish(uri, none);
    assert.deepEqual([published.ok, published.reason], [false, 'unreachable'], published.message);
    assert.match(published.message, new RegExp(`^Cannot reach OpenMetadata at http://127\\.0\\.0\\.1:${port}`));
    assert.equal((await gone.server.publish.preview(uri, none)).reason, 'unreachable');
  } finally {
    await gone.close();
  }
});

test('a server on this machine (localhost, 127.0.0.0/8, ::1) is a try-out: no confirmation; any other host asks', () => {
  for (const url of ['http://localhost:8585', 'http://LOCALHOST', 'http://127.0.0.1:8585', 'http://127.1.2.3', 'http://[::1]:8585']) assert.equal(isLocalServer(url), true, url);
  for (const url of ['http://vm:8585', 'https://openmetadata.example.com', 'http://192.0.2.2:8585', 'http://localhost.example.com', 'http://127.0.0.1.nip.io', 'not a url']) assert.equal(isLocalServer(url), false, url);
});
