// What each `--server-version` changes, each expectation written out by hand from upstream's code
// (the file and commit or PR in the comment), never computed by the sandbox or the product.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { call, etaPredictions, FACT_SALE, tableRef } from './helpers';

const T0 = 1_760_000_000_000;

async function withSandbox(serverVersion: string, fn: (sandbox: Sandbox, clock: { now: number }) => Promise<void>, extra: { token?: string; botToken?: string } = {}): Promise<void> {
  const clock = { now: T0 };
  const sandbox = await startSandbox({ serverVersion, now: () => clock.now, ...extra });
  try {
    await fn(sandbox, clock);
  } finally {
    await sandbox.close();
  }
}

const MODEL = '/api/v1/mlmodels/name/mlflow_svc.eta_predictions';

test('the version endpoint names the release played; an unknown version is refused with the list', async () => {
  for (const [version, answer] of [['1.5', '1.5.15'], ['1.8', '1.8.12'], ['1.10', '1.10.14'], ['2.0', '2.0.7']]) {
    await withSandbox(version, async (sandbox) => assert.equal((await call(sandbox, 'GET', '/api/v1/system/version')).body.version, answer));
  }
  await assert.rejects(startSandbox({ serverVersion: '1.4' }), /unknown OpenMetadata server version "1.4"; the sandbox plays 1.5, 1.6, 1.7, 1.8, 1.9, 1.10, 1.11, 1.12, 1.13, 2.0/);
});

// EntityRepository.getFields → CatalogExceptionMessage.invalidField: "Invalid field name %s"; the ML
// model's fields have `domain` before 1.9 and `domains` from 1.9 (openmetadata-ingestion 1.8.12 /
// 1.9.0 generated entity/data/mlmodel.py and api/data/createMlModel.py).
test('fields: domain before 1.9, domains from 1.9; the other is 400 Invalid field name', async () => {
  await withSandbox('1.8', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, domain: 'Marketing' });
    assert.deepEqual((await call(sandbox, 'GET', `${MODEL}?fields=owners,domains`)).body, { code: 400, message: 'Invalid field name domains' });
    const model = (await call(sandbox, 'GET', `${MODEL}?fields=owners,domain`)).body;
    assert.equal(model.domain.fullyQualifiedName, 'Marketing');
    assert.equal(model.domain.type, 'domain');
    assert.equal(model.domains, undefined);
    assert.deepEqual((await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, domains: ['Marketing'] })).body, { code: 400, message: 'Invalid request format' });
  });
  await withSandbox('1.10', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    assert.deepEqual((await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, domain: 'Marketing' })).body, { code: 400, message: 'Invalid request format' });
    await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, domains: ['Marketing'] });
    assert.deepEqual((await call(sandbox, 'GET', `${MODEL}?fields=domain`)).body, { code: 400, message: 'Invalid field name domain' });
    assert.deepEqual((await call(sandbox, 'GET', `${MODEL}?fields=domains`)).body.domains.map((d: { name: string }) => d.name), ['Marketing']);
  });
});

// EntityRepository.EntityUpdater.updateDataProducts → updateFromRelationships: no PUT exception, so
// a PUT without dataProducts removes them (+0.1, fieldsDeleted dataProducts).
test('dataProducts: a PUT replaces them', async () => {
  await withSandbox('2.0', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, dataProducts: ['CustomerInsights'] });
    const updated = (await call(sandbox, 'PUT', '/api/v1/mlmodels', eta)).body;
    assert.equal(updated.version, 0.2);
    assert.deepEqual(updated.changeDescription.fieldsDeleted.map((f: { name: string }) => f.name), ['dataProducts']);
    assert.deepEqual((await call(sandbox, 'GET', `${MODEL}?fields=dataProducts`)).body.dataProducts, []);
  });
});

// MlModelRepository.MlModelUpdater: recordChange("sourceHash", …) is an ordinary change up to 1.11;
// PR #25675 (merged 2026-02-03, first in 1.12) records it with updateVersion=false.
test('sourceHash: +0.1 on 1.10, stored without a new version on 2.0', async () => {
  await withSandbox('1.10', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, sourceHash: 'aaa' });
    const body = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, sourceHash: 'bbb' })).body;
    assert.equal(body.version, 0.2);
    assert.deepEqual(body.changeDescription, { fieldsAdded: [], fieldsUpdated: [{ name: 'sourceHash', oldValue: 'aaa', newValue: 'bbb' }], fieldsDeleted: [], previousVersion: 0.1 });
  });
  await withSandbox('2.0', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, sourceHash: 'aaa' });
    assert.equal((await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, sourceHash: 'bbb' })).body.version, 0.1);
    assert.equal((await call(sandbox, 'GET', `${MODEL}?fields=sourceHash`)).body.sourceHash, 'bbb');
  });
});

// entity/data/mlmodel.json, featureSource.tags: no default up to 1.5 (openmetadata-ingestion 1.5.15.2's
// generated FeatureSource.tags is `Field(None, …)`), `"default": []` from 1.6 (1.6.13.2: `Field([], …)`),
// so the Java POJO holds an empty list and the stored and returned feature source carries `tags: []`.
test('a feature source without tags: no tags key on 1.5, `tags: []` from 1.6', async () => {
  for (const [version, expected] of [['1.5', undefined], ['1.6', []], ['2.0', []]] as const) {
    await withSandbox(version, async (sandbox) => {
      const eta = await etaPredictions(sandbox);
      const created = (await call(sandbox, 'PUT', '/api/v1/mlmodels', eta)).body;
      assert.deepEqual(created.mlFeatures[0].featureSources[0].tags, expected, version);
      const description = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: [{ ...eta.mlFeatures[0], description: 'x' }] })).body;
      const deleted = JSON.parse(description.changeDescription.fieldsDeleted[0].oldValue);
      assert.deepEqual(deleted.map((f: any) => f.featureSources[0].tags), [expected, expected], `${version}: the changeDescription's JSON`);
    });
  }
});

// EntityUtil.mlFeatureMatch is MlFeature.equals. Before the newest line a feature's tags live in the
// stored JSON as sent, so stored `tags: []` and a request without tags (null) are different features.
test('a feature sent with tags: [] and then without is a change on 1.10', async () => {
  await withSandbox('1.10', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: [{ ...eta.mlFeatures[0], tags: [] }, eta.mlFeatures[1]] });
    const without = (await call(sandbox, 'PUT', '/api/v1/mlmodels', eta)).body;
    assert.equal(without.version, 0.2);
    assert.deepEqual(without.changeDescription.fieldsAdded.map((f: { name: string }) => f.name), ['mlFeatures']);
    assert.deepEqual(without.changeDescription.fieldsDeleted.map((f: { name: string }) => f.name), ['mlFeatures']);
  });
});

const pii = { tagFQN: 'PII.Sensitive', source: 'Classification', labelType: 'Manual', state: 'Confirmed' };

// Up to the newest line, EntityRepository.validateTags(entity) enriches only the model's own labels
// (TagLabelUtil.applyTagCommonFields) and MlModelRepository.prepare only runs checkMutuallyExclusive
// over each feature's tags: a feature's labels are stored as sent, and an unknown tag is not looked up.
// The newest stored MlModelRepository.java overrides validateTags to enrich each feature's labels too.
test('feature tag labels: stored as sent on 1.10, enriched like the model\'s on 2.0', async () => {
  const sent = { tagFQN: 'PII.Sensitive', source: 'Classification', labelType: 'Manual', state: 'Confirmed' };
  await withSandbox('1.10', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    const created = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: [{ ...eta.mlFeatures[0], tags: [sent] }] })).body;
    assert.deepEqual(created.mlFeatures[0].tags, [sent]);
    const unknown = { ...sent, tagFQN: 'PII.NoSuchTag' };
    const accepted = await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: [{ ...eta.mlFeatures[0], tags: [unknown] }] });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  });
  await withSandbox('2.0', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    const created = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: [{ ...eta.mlFeatures[0], tags: [sent] }] })).body;
    assert.equal(created.mlFeatures[0].tags[0].name, 'Sensitive');
  });
});

// Newest MlModelRepository.updateMlFeatures: after recordListChange(mlFeatures, mlFeatureMatch) each
// feature is paired by name and its tags go through updateTags, which on PUT merges the stored ones.
test('feature tags: 2.0 merges them on PUT (the removed tag stays), 1.10 replaces them', async () => {
  const features = (eta: Record<string, any>, tags: unknown[]): unknown[] => [{ ...eta.mlFeatures[0], tags }, eta.mlFeatures[1]];
  await withSandbox('2.0', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: features(eta, [pii]) });
    const same = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: features(eta, [pii]) })).body;
    assert.equal(same.version, 0.1, 'an unchanged feature is not a change');
    const dropped = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: features(eta, []) })).body;
    // mlFeatureMatch is whole-object equality: the request's feature differs, so the list change is recorded (+0.1)…
    assert.equal(dropped.version, 0.2);
    // …and then updateTags merges the stored tag back in.
    const stored = (await call(sandbox, 'GET', `${MODEL}?fields=tags`)).body;
    assert.deepEqual(stored.mlFeatures[0].tags.map((t: { tagFQN: string }) => t.tagFQN), ['PII.Sensitive']);
  });
  await withSandbox('1.10', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: features(eta, [pii]) });
    assert.equal((await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, mlFeatures: features(eta, []) })).body.version, 0.2);
    assert.deepEqual((await call(sandbox, 'GET', `${MODEL}?fields=tags`)).body.mlFeatures[0].tags, [], 'stored as the request sent it');
  });
});

// EntityRepository.createOrUpdate finds the name with Include.ALL; EntityUpdater.updateDeleted on a
// PUT of a deleted entity: deleted true → false, recordChange("deleted", true, false) (+0.1), and
// updateTags merges the stored tags back.
test('soft-deleted model: include=all finds it, a PUT restores it with the same id and a new version', async () => {
  await withSandbox('2.0', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    const created = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, tags: [pii] })).body;
    assert.equal((await call(sandbox, 'DELETE', `/api/v1/mlmodels/${created.id}`)).body.version, 0.2);
    assert.equal((await call(sandbox, 'GET', MODEL)).status, 404);
    assert.equal((await call(sandbox, 'GET', `${MODEL}?include=all`)).body.deleted, true);
    const restored = await call(sandbox, 'PUT', '/api/v1/mlmodels', eta);
    assert.equal(restored.status, 200);
    assert.equal(restored.body.id, created.id);
    assert.equal(restored.body.deleted, false);
    assert.equal(restored.body.version, 0.3);
    assert.deepEqual(restored.body.changeDescription, { fieldsAdded: [], fieldsUpdated: [{ name: 'deleted', oldValue: true, newValue: false }], fieldsDeleted: [], previousVersion: 0.2 });
    assert.deepEqual(restored.body.tags.map((t: { tagFQN: string }) => t.tagFQN), ['PII.Sensitive']);
  });
});

// EntityUpdater: updateDescription, updateExtension and updateDomains keep the stored value when a
// bot PUTs (updatedByBot); the newest MlModelUpdater.updateMlFeatureDescription keeps a stored
// feature description too. updateOwners has no bot clause: a bot's PUT naming owners replaces them
// (one naming none keeps them, as anyone's). UserResource /users/loggedInUser answers with isBot.
test('bots: a PUT with the bot token keeps displayName, description, extension, domains and (2.0) feature descriptions; owners it names replace them', async () => {
  // Seed ids are stable, so the request can be built on an open sandbox.
  const open = await startSandbox();
  const eta = await etaPredictions(open);
  await open.close();
  for (const [version, keepsFeature] of [['2.0', true], ['1.10', false]] as const) {
    await withSandbox(
      version,
      async (sandbox) => {
        const admin = { Authorization: 'Bearer admin-token' };
        const bot = { Authorization: 'Bearer bot-token' };
        assert.deepEqual([(await call(sandbox, 'GET', '/api/v1/users/loggedInUser', undefined, bot)).body.name, (await call(sandbox, 'GET', '/api/v1/users/loggedInUser', undefined, bot)).body.isBot], ['ingestion-bot', true]);
        assert.equal((await call(sandbox, 'GET', '/api/v1/users/loggedInUser', undefined, admin)).body.isBot, false);
        const { body: aaron } = await call(sandbox, 'GET', '/api/v1/users/name/aaron_johnson0', undefined, admin);
        await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, owners: [{ id: aaron.id, type: 'user' }], extension: { team: 'ml' }, domains: ['Marketing'] }, admin);
        const features = [{ ...eta.mlFeatures[0], description: 'Changed by the bot' }, eta.mlFeatures[1]];
        const put = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, displayName: 'Bot name', description: 'Bot text', owners: [], extension: { team: 'bot' }, domains: [], mlFeatures: features }, bot)).body;
        assert.equal(put.updatedBy, 'ingestion-bot');
        const stored = (await call(sandbox, 'GET', `${MODEL}?fields=owners,extension,domains`, undefined, admin)).body;
        assert.equal(stored.description, 'ETA Predictions Model');
        // EntityUpdater.updateDisplayName: a bot's PUT keeps a non-empty displayName ("Revert change to
        // non-empty displayName if it is being updated by a bot", EntityRepository.java of the 1.x line).
        assert.equal(stored.displayName, 'ETA Predictions');
        assert.deepEqual(stored.owners.map((o: { name: string }) => o.name), ['aaron_johnson0']);
        assert.deepEqual(stored.extension, { team: 'ml' });
        assert.deepEqual(stored.domains.map((d: { name: string }) => d.name), ['Marketing']);
        assert.equal(stored.mlFeatures[0].description, keepsFeature ? 'Sales amount' : 'Changed by the bot', version);
        const { body: other } = await call(sandbox, 'GET', '/api/v1/users/name/adam_matthews2', undefined, admin);
        await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, owners: [{ id: other.id, type: 'user' }] }, bot);
        const owned = (await call(sandbox, 'GET', `${MODEL}?fields=owners`, undefined, admin)).body;
        assert.deepEqual(owned.owners.map((o: { name: string }) => o.name), ['adam_matthews2'], version);
      },
      { token: 'admin-token', botToken: 'bot-token' },
    );
  }
});

// LineageRepository.addLineage writes a fresh LineageDetails (source defaults to Manual) and the DAO
// upserts it; createdAt/createdBy/updatedAt/updatedBy exist from 1.7 (openmetadata-ingestion 1.7.7.4
// type/entityLineage.py has them, 1.6.13.2 does not).
test('lineage: re-sending an edge erases its details; source Manual always, stamps from 1.7', async () => {
  for (const [version, stamped] of [['1.5', false], ['1.8', true]] as const) {
    await withSandbox(version, async (sandbox, clock) => {
      const sale = await tableRef(sandbox, FACT_SALE);
      const order = await tableRef(sandbox, 'sample_data.ecommerce_db.shopify.fact_order');
      const edge = { fromEntity: { id: sale.id, type: 'table' }, toEntity: { id: order.id, type: 'table' } };
      await call(sandbox, 'PUT', '/api/v1/lineage', { edge: { ...edge, lineageDetails: { sqlQuery: 'insert into fact_order select 1', description: 'nightly' } } });
      clock.now = T0 + 60_000;
      await call(sandbox, 'PUT', '/api/v1/lineage', { edge });
      const details = (await call(sandbox, 'GET', `/api/v1/lineage/table/${order.id}?upstreamDepth=1&downstreamDepth=0`)).body.upstreamEdges.find((e: { fromEntity: string }) => e.fromEntity === sale.id).lineageDetails;
      const stamps = { createdAt: T0 + 60_000, createdBy: 'admin', updatedAt: T0 + 60_000, updatedBy: 'admin' };
      assert.deepEqual(details, stamped ? { source: 'Manual', ...stamps } : { source: 'Manual' }, version);
    });
  }
});

// FullyQualifiedName.quoteName: 1.5 throws "Invalid name <name>" (FullyQualifiedName.java @0108dc5f);
// later servers escape the quote with a backslash and never wrap the part in quotes, even when it
// holds a dot ("Allow names with quotes": `unquotedName.replace("\"", "\\\"")`, @9c906918; the FQNs
// PR #20090 reports, March 2025); PR #28697 (merged 2026-06-04, after 1.13.0's SDK of 2026-06-08 was
// cut, before 2.0.0's of 2026-08-24) wraps the part in quotes and doubles the quote.
test('a name containing a double quote: rejected on 1.5, \\" on 1.10, "" on 2.0', async () => {
  const expected: [string, string, number, string][] = [
    ['1.5', 'say "hi"', 400, 'Invalid name say "hi"'],
    ['1.10', 'say "hi"', 201, 'mlflow_svc.say \\"hi\\"'],
    ['1.10', 'v1.0 "b"', 201, 'mlflow_svc.v1.0 \\"b\\"'],
    ['2.0', 'say "hi"', 201, 'mlflow_svc."say ""hi"""'],
    ['2.0', 'v1.0 "b"', 201, 'mlflow_svc."v1.0 ""b"""'],
  ];
  for (const [version, name, status, fqnOrMessage] of expected) {
    await withSandbox(version, async (sandbox) => {
      const reply = await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...(await etaPredictions(sandbox)), name });
      assert.equal(reply.status, status, version);
      assert.equal(status === 400 ? reply.body.message : reply.body.fullyQualifiedName, fqnOrMessage);
      if (status === 201) assert.equal((await call(sandbox, 'GET', `/api/v1/mlmodels/name/${encodeURIComponent(fqnOrMessage)}`)).body.id, reply.body.id);
    });
  }
});

// CatalogExceptionMessage.invalidTeamOwner, for every team type but Group.
test('owners: only teams of type Group', async () => {
  await withSandbox('2.0', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    const team = async (name: string): Promise<{ id: string; type: string }> => ({ id: (await call(sandbox, 'GET', `/api/v1/teams/name/${encodeURIComponent(name)}`)).body.id, type: 'team' });
    const put = async (owners: unknown[]): Promise<unknown> => (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, owners })).body;
    assert.deepEqual(await put([await team('Organization')]), { code: 400, message: "Team of type Organization can't own entities. Only Team of type Group can own entities." });
    assert.deepEqual(await put([await team('Analytics')]), { code: 400, message: "Team of type Division can't own entities. Only Team of type Group can own entities." });
    assert.deepEqual(await put([await team('Data Platform')]), { code: 400, message: "Team of type Department can't own entities. Only Team of type Group can own entities." });
  });
});

// TagLabelUtil.applyTagCommonFields resolves a Glossary label from glossary terms; GlossaryTermResource /name/{fqn}.
test('glossary terms: readable by FQN and accepted as tags with source Glossary', async () => {
  await withSandbox('2.0', async (sandbox) => {
    const term = (await call(sandbox, 'GET', `/api/v1/glossaryTerms/name/${encodeURIComponent('Business Glossary.Churn')}`)).body;
    assert.deepEqual([term.name, term.fullyQualifiedName, term.glossary.name], ['Churn', 'Business Glossary.Churn', 'Business Glossary']);
    const tags = [{ tagFQN: 'Business Glossary.Churn', source: 'Glossary', labelType: 'Manual', state: 'Confirmed' }];
    const created = (await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...(await etaPredictions(sandbox)), tags })).body;
    assert.deepEqual(created.tags, [{ tagFQN: 'Business Glossary.Churn', name: 'Churn', description: 'A customer who stopped buying.', source: 'Glossary', labelType: 'Manual', state: 'Confirmed' }]);
  });
});

test('the admin endpoints need the token when the sandbox has one', async () => {
  await withSandbox(
    '2.0',
    async (sandbox) => {
      assert.deepEqual((await call(sandbox, 'GET', '/__sandbox/requests')).body, { code: 401, message: 'Not Authorized! Token not present' });
      assert.equal((await call(sandbox, 'POST', '/__sandbox/reset', {}, { Authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await call(sandbox, 'POST', '/__sandbox/reset', {}, { Authorization: 'Bearer sesame' })).status, 200);
    },
    { token: 'sesame' },
  );
});

test('entity pages: the UI paths the product links to serve escaped read-only HTML', async () => {
  await withSandbox('2.0', async (sandbox) => {
    const eta = await etaPredictions(sandbox);
    await call(sandbox, 'PUT', '/api/v1/mlmodels', { ...eta, description: '<script>alert(1)</script> & more' });
    const response = await fetch(`${sandbox.url}/mlmodel/${encodeURIComponent('mlflow_svc.eta_predictions')}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; more/);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /mlflow_svc\.eta_predictions/);
    assert.match(html, /<dt>Version<\/dt><dd>0\.1<\/dd>/);
    assert.match(html, /href="http:\/\/127\.0\.0\.1:\d+\/api\/v1\/mlmodels\/[0-9a-f-]+">JSON</);
    assert.equal((await fetch(`${sandbox.url}/table/${encodeURIComponent('sample_data.ecommerce_db.shopify."dim.product"')}`)).status, 200);
    assert.equal((await fetch(`${sandbox.url}/mlmodel/nothing.here`)).status, 404);
  });
});
