// Names from a hostile file reach the REST client as they are written: a reference longer than
// any OpenMetadata FQN can be (3,072 characters), or one that is not valid Unicode (a lone
// surrogate, which an editor can hold). Such an entity cannot exist, so the client answers "not
// found" without asking; before, the first made a URL the server refused (the connection dropped,
// retried three times, and the whole catalog was reported unavailable), and the second threw
// URIError synchronously out of the catalog index, so the file got no diagnostics at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { NotFoundError, OpenMetadataError } from '../../server/src/openmetadata/errors';
import { CatalogIndex } from '../../server/src/service/catalogIndex';
import { createLanguageService } from '../../server/src/service/languageService';
import { useSandbox } from '../helpers/sandbox';

const sandbox = useSandbox();

const TOO_LONG = `sample_data.ecommerce_db.shopify.${'t'.repeat(20_000)}`;
const LONE_SURROGATE = 'sample_data.ecommerce_db.shopify.fact_sale\uD800';
const client = () => new OpenMetadataClient({ baseUrl: sandbox.url, retryBaseMs: 1 });

test('lookups of a name no entity can have answer "not found" without a request', async () => {
  const c = client();
  for (const name of [TOO_LONG, LONE_SURROGATE]) {
    assert.equal(await c.getTable(name), undefined);
    assert.equal(await c.getEntity('mlmodelService', name), undefined);
    assert.equal(await c.getEntity('user', name), undefined);
    assert.equal(await c.getMlModelByName(name), undefined);
    assert.equal(await c.findMlModel(name), undefined);
    assert.deepEqual(await c.searchTables(name, 10), []);
    const lineage = await c.getLineageByName('table', name).then(
      () => assert.fail('expected not found'),
      (e: unknown) => e,
    );
    assert.ok(lineage instanceof NotFoundError);
    assert.ok(lineage.message.length < 500, `a message of ${lineage.message.length} characters`);
  }
  assert.deepEqual(sandbox.requests(), [], 'nothing was sent');
});

test('an FQN at the upstream limit is still looked up', async () => {
  const longest = `sample_data.ecommerce_db.shopify.${'t'.repeat(3072 - 'sample_data.ecommerce_db.shopify.'.length)}`;
  assert.equal(longest.length, 3072);
  assert.equal(await client().getTable(longest), undefined);
  assert.equal(sandbox.requests().length, 1);
});

test('a file holding such names keeps its diagnostics and the catalog stays connected', async () => {
  const index = new CatalogIndex(client());
  await index.start();
  const service = createLanguageService();
  service.setCatalog(index);
  // A name over the schema's maxLength is reported by the schema (invalid-value); one that is not
  // valid Unicode passes the schema, and the catalog has no such entity.
  for (const [name, expected] of [
    [TOO_LONG, 'invalid-value'],
    [LONE_SURROGATE, 'unknown-'],
  ] as const) {
    const text = `name: m\nalgorithm: a\nservice: ${JSON.stringify(name)}\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: c\n        dataSource: ${JSON.stringify(name)}\n`;
    const document = TextDocument.create('file:///hardening/names.mlmodel.yaml', 'mlmodel-yaml', 1, text);
    const model = service.parse(text);
    service.validate(document, model);
    await index.settled();
    const diagnostics = service.validate(document, model);
    const lines = (prefix: string) => diagnostics.filter((d) => String(d.code).startsWith(prefix)).map((d) => d.range.start.line);
    assert.deepEqual(lines(expected), [2, 7], JSON.stringify(diagnostics.map((d) => d.code)));
    assert.deepEqual(lines('catalog-unavailable'), []);
    assert.equal(index.state.kind, 'ready');
  }
});

test('an error message clips a long path or name; the error keeps it whole', async () => {
  const c = client();
  const longName = `mlflow_svc.${'m'.repeat(2_000)}`;
  sandbox.faults.add({ path: '/api/v1/mlmodels/name/', status: 500 });
  const error = await c.getMlModelByName(longName).then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof OpenMetadataError);
  assert.ok(error.message.length < 500, `a message of ${error.message.length} characters: ${error.message.slice(0, 200)}`);
  assert.match(error.message, /failed on GET \/api\/v1\/mlmodels\/name\/mlflow_svc\.m+…/);
  assert.ok(error.path.endsWith('m'.repeat(100)), 'the path on the error is whole');
});
