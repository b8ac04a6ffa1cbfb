// Catalog-aware authoring against an in-memory catalog: checks, completion, hover, links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { resolveSettings } from '../../server/src/shared/settings';
import { CatalogIndex, type CatalogIndexOptions } from '../../server/src/service/catalogIndex';
import { caret, load, summarize } from '../helpers/fixtures';
import { fakeCatalog, TABLES, type FakeCatalog } from '../helpers/fakeCatalog';
import { int, pick, rng } from '../helpers/random';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

async function connected(fake: FakeCatalog = fakeCatalog(), settings = {}, options: CatalogIndexOptions = {}) {
  const index = new CatalogIndex(fake, options);
  await index.start();
  const service = createLanguageService(resolveSettings(settings));
  service.setCatalog(index);
  return { service, index, fake };
}

/** Validate once, let the index fetch what that asked for, validate again. */
async function check(text: string, settings = {}, fake?: FakeCatalog) {
  const { service, index } = await connected(fake, settings);
  const l = load(text, service);
  service.validate(l.document, l.model);
  await index.settled();
  return { summary: summarize(l), messages: service.validate(l.document, l.model).map((d) => String(d.message)), l };
}

const model = (sources: string, extra = '') => `name: m\nalgorithm: a\nservice: mlflow_svc\nmlFeatures:\n  - name: f\n    featureSources:\n${sources}${extra}`;

test('an unknown table is reported on its FQN, with suggestions and a quick fix', async () => {
  const { summary, messages, l } = await check(model('      - name: gross_sales\n        dataSource: sample_data.ecommerce_db.shopify.fact_sal\n'));
  assert.deepEqual(summary, [[8, 'sample_data.ecommerce_db.shopify.fact_sal', 'unknown-table']]);
  assert.match(messages[0], /Did you mean `sample_data\.ecommerce_db\.shopify\.fact_sale`/);
  const diagnostics = l.service.validate(l.document, l.model);
  const [fix] = l.service.codeActions(l.document, l.model, diagnostics);
  assert.equal(fix.title, 'Change to `sample_data.ecommerce_db.shopify.fact_sale`');
});

test('an unknown column is reported with the table’s closest columns; nested columns are found', async () => {
  const { summary, messages } = await check(model('      - name: gros_sales\n        dataSource: sample_data.ecommerce_db.shopify.fact_sale\n      - name: customer.username\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n'));
  assert.deepEqual(summary, [[7, 'gros_sales', 'unknown-column']]);
  assert.match(messages[0], /Did you mean `gross_sales`/);
});

test('quoted FQNs of the sample data resolve: dim.product, dim(shop), dim.api/client, магазин', async () => {
  const { summary } = await check(
    model(
      [
        '      - name: title\n        dataSource: sample_data.ecommerce_db.shopify."dim.product"\n',
        '      - name: shop(id)\n        dataSource: sample_data.ecommerce_db.shopify.dim(shop)\n',
        '      - name: api_client_id\n        dataSource: sample_data.ecommerce_db.shopify."dim.api/client"\n',
        '      - name: имя\n        dataSource: sample_data.ecommerce_db.shopify.магазин\n',
      ].join(''),
    ),
  );
  assert.deepEqual(summary, []);
});

test('a source dataType that contradicts the column type is flagged, with the fix', async () => {
  const { summary, messages, l } = await check(model('      - name: gross_sales\n        dataType: integer\n        dataSource: sample_data.ecommerce_db.shopify.fact_sale\n'));
  assert.deepEqual(summary, [[8, 'integer', 'datatype-mismatch']]);
  assert.equal(messages[0], '`dataType` is `integer`, but column `gross_sales` is NUMERIC: use `number`.');
  const [fix] = l.service.codeActions(l.document, l.model, l.service.validate(l.document, l.model));
  assert.equal(fix.title, 'Change to `number`');
});

test('governance: a feature on a PII.Sensitive column gets a warning naming feature, column and tag', async () => {
  const { summary, messages } = await check(model('      - name: email\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n'));
  assert.deepEqual(summary, [[7, 'email', 'sensitive-data']]);
  assert.equal(messages[0], 'Feature `f` is built on column `dim_customer.email`, tagged `PII.Sensitive`: the model uses sensitive data.');
});

test('governance: the sensitive tags are a setting, and apply to tables too', async () => {
  const text = model('      - name: membership\n        dataSource: sample_data.ecommerce_db.shopify.raw_customer\n');
  assert.deepEqual((await check(text)).summary, []);
  const { summary, messages } = await check(text, { sensitiveTags: ['Tier.Tier1'] });
  assert.deepEqual(summary, [[8, 'sample_data.ecommerce_db.shopify.raw_customer', 'sensitive-data']]);
  assert.match(messages[0], /table `raw_customer`, tagged `Tier.Tier1`/);
});

test('unknown service, dashboard, user, team and tag', async () => {
  const { summary } = await check('name: m\nalgorithm: a\nservice: mlflow\ndashboard: sample_superset.eta_predictions\nowners:\n  - user: aaron_johnson\n  - team: Dta\ntags:\n  - Tier.Tier9\n');
  assert.deepEqual(
    summary.map(([, t, c]) => [t, c]),
    [
      ['mlflow', 'unknown-service'],
      ['sample_superset.eta_predictions', 'unknown-dashboard'],
      ['aaron_johnson', 'unknown-user'],
      ['Dta', 'unknown-team'],
      ['Tier.Tier9', 'unknown-tag'],
    ],
  );
});

test('an unreachable catalog is said once per file, not once per reference', async () => {
  const fake = fakeCatalog();
  fake.failWith = Object.assign(new Error('OpenMetadata at http://om.example:8585 is unreachable (connection refused).'), { kind: 'unreachable' });
  const { summary, messages } = await check(model('      - name: x\n        dataSource: s.d.x.y\n      - name: z\n        dataSource: s.d.x.w\n', 'owners:\n  - user: nobody\n'), {}, fake);
  assert.deepEqual(summary.map(([, , c]) => c), ['catalog-unavailable']);
  assert.match(messages[0], /unreachable/);
});

test('a catalog that fails after answering: the outage is said once, and what was known is still checked', async () => {
  const fake = fakeCatalog();
  // A 503 is asked again (after 1 ms, 2 ms, 4 ms here) before the checks pause.
  const { service, index } = await connected(fake, {}, { retryBaseMs: 1 });
  const l = load(model('      - name: email\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n'), service);
  service.validate(l.document, l.model);
  await index.settled();
  assert.deepEqual(service.validate(l.document, l.model).map((d) => d.code), ['sensitive-data']);
  fake.failWith = Object.assign(new Error('OpenMetadata at http://om.example:8585 answered 503.'), { kind: 'server' });
  index.table('sample_data.ecommerce_db.shopify.other');
  await index.settled();
  assert.deepEqual(service.validate(l.document, l.model).map((d) => d.code).sort(), ['catalog-unavailable', 'sensitive-data']);
});

test('a stopped index (the server URL changed) aborts its requests and starts no more', async () => {
  const fake = fakeCatalog();
  fake.delayMs = 50;
  let changes = 0;
  const signals: AbortSignal[] = [];
  const getTable = fake.getTable.bind(fake);
  fake.getTable = (fqn, options) => (options?.signal && signals.push(options.signal), getTable(fqn, options));
  const index = new CatalogIndex(fake, { onChange: () => changes++ });
  const started = index.start();
  index.table('sample_data.ecommerce_db.shopify.fact_sale');
  index.stop();
  await started;
  await index.settled();
  const calls = fake.calls.length;
  assert.ok(signals.length && signals.every((s) => s.aborted), 'requests in flight are aborted');
  assert.equal(index.table('sample_data.ecommerce_db.shopify.dim_customer').status, 'pending');
  index.list('user');
  await index.searchRemote('fact', 10);
  assert.equal(fake.calls.length, calls, 'no request after stop');
  assert.equal(changes, 0, 'no change event after stop');
});

test('the examples check clean against the catalog', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const text = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'eta_predictions.mlmodel.yaml'), 'utf8');
  assert.deepEqual((await check(text)).summary, []);
});

// ---------------------------------------------------------------- completion

async function complete(marked: string, fake?: FakeCatalog) {
  const { text, offset } = caret(marked);
  const { service, index } = await connected(fake);
  const l = load(text, service);
  // Warm: what the document references is fetched once, as happens while the file is open.
  service.validate(l.document, l.model);
  await index.settled();
  const list = await service.complete(l.document, l.model, l.document.positionAt(offset));
  return {
    list,
    apply(label: string) {
      const item = list.items.find((i: CompletionItem) => i.label === label);
      assert.ok(item, `no ${label} in ${list.items.map((i) => i.label).join(', ')}`);
      const edit = item.textEdit as { range: never; newText: string };
      return TextDocument.applyEdits(l.document, [edit, ...(item.additionalTextEdits ?? [])]);
    },
  };
}

test('dataSource: tables matching what is typed, the best first, inserted as valid YAML', async () => {
  const { list, apply } = await complete(model('      - name: x\n        dataSource: fa|\n'));
  assert.deepEqual(list.items.slice(0, 2).map((i) => i.label), ['fact_sale', 'fact_order']);
  assert.match(apply('fact_sale'), /dataSource: sample_data\.ecommerce_db\.shopify\.fact_sale\n$/);
});

test('dataSource: a table is labelled by its name, its FQN the detail, where it lives beside it', async () => {
  const { list } = await complete(model('      - name: x\n        dataSource: fact_s|\n'));
  const item = list.items.find((i) => i.label === 'fact_sale');
  assert.ok(item, list.items.map((i) => i.label).join(', '));
  assert.equal(item.detail, 'sample_data.ecommerce_db.shopify.fact_sale');
  assert.deepEqual(item.labelDetails, { description: 'sample_data.ecommerce_db.shopify' });
  // The editor filters on what is typed from the value's start: the name or the FQN finds it.
  assert.ok(item.filterText?.startsWith('fact_sale ') && item.filterText.includes('sample_data.ecommerce_db.shopify.fact_sale'), item.filterText);
});

test('dataSource: typing any part of the name or of the FQN finds the table', async () => {
  const labels = async (typed: string) => (await complete(model(`      - name: x\n        dataSource: ${typed}|\n`))).list.items.map((i) => i.label);
  assert.equal((await labels('sale'))[0], 'fact_sale');
  assert.ok((await labels('customer')).includes('raw_customer'));
  assert.deepEqual((await labels('ecommerce')).sort(), TABLES.map((t) => t.name).sort());
  assert.deepEqual(await labels('shopify.fact_s'), ['fact_sale']);
  assert.deepEqual(await labels('sample_data.ecommerce_db.shopify.dim.prod'), ['dim.product']);
});

test('dataSource: quoted names are inserted with upstream quoting, and the YAML stays valid', async () => {
  const { apply } = await complete(model('      - name: x\n        dataSource: dim.pro|\n'));
  const text = apply('dim.product');
  assert.match(text, /dataSource: sample_data\.ecommerce_db\.shopify\."dim\.product"\n$/);
  const l = load(text);
  assert.deepEqual(l.service.validate(l.document, l.model), []);
});

test('name: the columns of the source’s table, with type; picking one sets dataType', async () => {
  const { list, apply } = await complete(model('      - name: |\n        dataSource: sample_data.ecommerce_db.shopify.fact_sale\n'));
  const gross = list.items.find((i) => i.label === 'gross_sales')!;
  assert.equal(gross.detail, 'NUMERIC → number');
  assert.match((gross.documentation as { value: string }).value, /Gross sales amount/);
  assert.equal(apply('gross_sales'), model('      - name: gross_sales\n        dataType: number\n        dataSource: sample_data.ecommerce_db.shopify.fact_sale\n'));
});

test('name: picking a column corrects a contradicting dataType, wherever the sibling keys stand', async () => {
  const { apply } = await complete(model('      - dataSource: sample_data.ecommerce_db.shopify.fact_sale\n        dataType: string\n        name: gr|\n'));
  assert.equal(apply('gross_sales'), model('      - dataSource: sample_data.ecommerce_db.shopify.fact_sale\n        dataType: number\n        name: gross_sales\n'));
});

test('name: nested columns are offered as parent.child', async () => {
  const { list } = await complete(model('      - name: |\n        dataSource: sample_data.ecommerce_db.shopify.dim_customer\n'));
  assert.ok(list.items.some((i) => i.label === 'customer.username'));
});

test('service, dashboard, owners and tags complete from the catalog', async () => {
  assert.deepEqual((await complete('name: m\nservice: |')).list.items.map((i) => i.label), ['mlflow_svc']);
  assert.deepEqual((await complete('name: m\ndashboard: |')).list.items.map((i) => i.label).sort(), ['eta_predictions_performance', 'forecast_sales_performance']);
  // Not offered: a deleted user, a bot, a deleted team, a team not of type Group, a disabled tag.
  assert.deepEqual((await complete('name: m\nowners:\n  - user: |')).list.items.map((i) => i.label), ['aaron_johnson0']);
  assert.deepEqual((await complete('name: m\nowners:\n  - team: |')).list.items.map((i) => i.label), ['Data', 'Sales']);
  const tags = (await complete('name: m\ntags:\n  - |')).list.items;
  assert.deepEqual(tags.map((i) => i.label).sort(), ['Business Glossary.Churn', 'Business Glossary.Revenue', 'Certification.Bronze', 'Certification.Gold', 'PII.None', 'PII.Sensitive', 'Quality.Gold', 'Quality.Silver', 'Segments.Retail', 'Segments.Wholesale', 'Tier.Tier1']);
  // Glossary terms are listed like tags, said to be terms.
  assert.equal(tags.find((i) => i.label === 'Business Glossary.Churn')?.detail, 'glossary term · Business Glossary');
  assert.deepEqual((await complete('name: m\ndomain: |')).list.items.map((i) => i.label), ['Finance', 'Marketing']);
  assert.deepEqual((await complete('name: m\ndataProducts:\n  - |')).list.items.map((i) => i.label), ['CustomerInsights']);
});

test('dashboard: found by any part of its name or FQN, labelled by its name, inserted as its FQN', async () => {
  const labels = async (typed: string) => (await complete(`name: m\ndashboard: ${typed}|`)).list.items.map((i) => i.label);
  // Holding what was typed comes first; its letters in order (f-o-r-E-c-a-s-T-_-s-A-les) after.
  assert.deepEqual(await labels('eta'), ['eta_predictions_performance', 'forecast_sales_performance']);
  assert.deepEqual(await labels('eta_pred'), ['eta_predictions_performance']);
  // Ties go to the shorter name.
  assert.deepEqual(await labels('perf'), ['forecast_sales_performance', 'eta_predictions_performance']);
  assert.deepEqual(await labels('sales'), ['forecast_sales_performance']);
  assert.deepEqual(await labels('sample_superset.forec'), ['forecast_sales_performance']);
  assert.deepEqual((await labels('superset')).sort(), ['eta_predictions_performance', 'forecast_sales_performance']);
  assert.deepEqual(await labels('zzz'), []);
  const { list, apply } = await complete('name: m\ndashboard: eta|');
  assert.equal(list.items[0].detail, 'sample_superset.eta_predictions_performance');
  assert.deepEqual(list.items[0].labelDetails, { description: 'sample_superset' });
  assert.equal(apply('eta_predictions_performance'), 'name: m\ndashboard: sample_superset.eta_predictions_performance');
});

test('tags and users are found by what is typed, the best first', async () => {
  // `sens` is also a subsequence of `Segments`: the tag whose name starts with it comes first.
  assert.deepEqual((await complete('name: m\ntags:\n  - sens|')).list.items.map((i) => i.label), ['PII.Sensitive', 'Segments.Retail', 'Segments.Wholesale']);
  assert.deepEqual((await complete('name: m\ntags:\n  - Tier.|')).list.items.map((i) => i.label), ['Tier.Tier1']);
  assert.deepEqual((await complete('name: m\nowners:\n  - user: john|')).list.items.map((i) => i.label), ['aaron_johnson0']);
});

test('a slow catalog: completion answers within its budget with what is known, marked incomplete', async () => {
  const fake = fakeCatalog();
  const { service, index } = await connected(fake);
  fake.delayMs = 2000;
  const { text, offset } = caret(model('      - name: x\n        dataSource: zz|\n'));
  const l = load(text, service);
  const started = Date.now();
  const list = await service.complete(l.document, l.model, l.document.positionAt(offset));
  assert.ok(Date.now() - started < 1000, 'did not wait for the network');
  assert.equal(list.isIncomplete, true);
  fake.delayMs = 0;
  void index;
});

// ---------------------------------------------------------------- hover and links

test('hover on a table, a column and a user shows what the catalog says, with a link', async () => {
  const text = model('      - name: gross_sales\n        dataSource: sample_data.ecommerce_db.shopify.fact_sale\n', 'owners:\n  - user: aaron_johnson0\n');
  const { service, index } = await connected();
  const l = load(text, service);
  service.validate(l.document, l.model);
  await index.settled();
  const hoverAt = (needle: string) => (service.hover(l.document, l.model, l.document.positionAt(text.indexOf(needle) + 2))!.contents as { value: string }).value;
  assert.match(hoverAt('sample_data.ecommerce_db.shopify.fact_sale'), /\*\*fact_sale\*\* · table · 4 columns[\s\S]*The fact_sale table\.[\s\S]*\[Open in OpenMetadata\]\(http:\/\/om\.example:8585\/table\/sample_data\.ecommerce_db\.shopify\.fact_sale\)/);
  assert.match(hoverAt('gross_sales'), /\*\*gross_sales\*\* · NUMERIC \(source dataType `number`\)[\s\S]*Gross sales amount/);
  assert.match(hoverAt('aaron_johnson0'), /\*\*Aaron Johnson\*\* · user/);
  const links = service.documentLinks(l.document, l.model);
  assert.deepEqual(links.map((k) => k.target), [
    'http://om.example:8585/service/mlmodelServices/mlflow_svc',
    'http://om.example:8585/table/sample_data.ecommerce_db.shopify.fact_sale',
    'http://om.example:8585/table/sample_data.ecommerce_db.shopify.fact_sale',
    'http://om.example:8585/users/aaron_johnson0',
  ]);
});

test('links and hover open in OpenMetadata only what it has: nothing for a table, column’s table or user the catalog lacks; a pending lookup is linked', async () => {
  const text = model(
    '      - name: gross_sales\n        dataSource: sample_data.ecommerce_db.shopify.fact_sal\n      - name: nope\n        dataSource: sample_data.ecommerce_db.shopify.fact_sale\n',
    'owners:\n  - user: nobody_here\n  - user: aaron_johnson0\n',
  );
  const fake = fakeCatalog();
  const { service, index } = await connected(fake);
  const l = load(text, service);
  // Before the catalog has answered, a reference it may have is linked (links are asked for once, on open).
  fake.delayMs = 50;
  assert.ok(service.documentLinks(l.document, l.model).some((k) => k.target?.endsWith('/table/sample_data.ecommerce_db.shopify.fact_sal')));
  await index.settled();
  const links = service.documentLinks(l.document, l.model);
  assert.deepEqual(links.map((k) => k.target), [
    'http://om.example:8585/service/mlmodelServices/mlflow_svc',
    // `nope` is not a column of fact_sale, but its link opens the table, which is there.
    'http://om.example:8585/table/sample_data.ecommerce_db.shopify.fact_sale',
    'http://om.example:8585/table/sample_data.ecommerce_db.shopify.fact_sale',
    'http://om.example:8585/users/aaron_johnson0',
  ]);
  const hoverAt = (needle: string) => (service.hover(l.document, l.model, l.document.positionAt(text.indexOf(needle) + 2))!.contents as { value: string }).value;
  assert.doesNotMatch(hoverAt('sample_data.ecommerce_db.shopify.fact_sal\n'), /Open in OpenMetadata/);
  assert.match(hoverAt('sample_data.ecommerce_db.shopify.fact_sal\n'), /The catalog has no table/);
  assert.doesNotMatch(hoverAt('nobody_here'), /Open in OpenMetadata/);
  assert.match(hoverAt('nope'), /Column `nope` is not in `sample_data\.ecommerce_db\.shopify\.fact_sale`\.\n\n\[Open in OpenMetadata\]\(http:\/\/om\.example:8585\/table\/sample_data\.ecommerce_db\.shopify\.fact_sale\)/);
});

test('one token, one diagnostic: a value the format rejects is not reported again as unknown to the catalog, and keeps the catalog’s suggestion', async () => {
  const { summary, l } = await check('name: m\nalgorithm: a\nowners:\n  - team: x::y\ntags:\n  - Tier\n');
  assert.deepEqual(summary, [
    [4, 'x::y', 'invalid-value'],
    [6, 'Tier', 'invalid-value'],
  ]);
  const diagnostics = l.service.validate(l.document, l.model);
  const titles = l.service.codeActions(l.document, l.model, [diagnostics[1]]).map((a) => a.title);
  assert.deepEqual(titles, ['Change to `Tier.Tier1`']);
  // What the catalog found is said with it, not underlined again.
  assert.deepEqual(diagnostics[1].relatedInformation?.map((r) => [r.location.range, r.message]), [[diagnostics[1].range, 'Unknown tag or glossary term `Tier`: the catalog has no such tag or glossary term. Did you mean `Tier.Tier1`?']]);
});

test('one token, one diagnostic: a source dataType outside the format is one error, with the catalog’s column type said and offered', async () => {
  const { summary, l } = await check(model('      - name: happened_at\n        dataType: datetime\n        dataSource: sample_data.ecommerce_db.shopify.fact_sale\n'));
  assert.deepEqual(summary, [[8, 'datetime', 'invalid-value']]);
  const [d] = l.service.validate(l.document, l.model);
  assert.deepEqual(d.relatedInformation?.map((r) => r.message), ['`dataType` is `datetime`, but column `happened_at` is TIMESTAMP: use `timestamp`.']);
  assert.deepEqual(l.service.codeActions(l.document, l.model, [d]).map((a) => a.title), ['Change to `date`', 'Change to `timestamp`']);
});

test('no two diagnostics share a range, whatever the mistakes (the mistakes example, and random edits of it)', async () => {
  const { service, index } = await connected();
  const mistakes = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'mistakes.mlmodel.yaml'), 'utf8');
  const r = rng(14);
  const edits = ['', ' ', '\n', ':', ': ', '"', '[', '- ', 'Tier', 'x::y', 'serv', '\n  - ', '\nserv'];
  let text = mistakes;
  for (let i = 0; i < 300; i++) {
    const l = load(text, service);
    service.validate(l.document, l.model);
    await index.settled();
    const ranges = service.validate(l.document, l.model).map((d) => JSON.stringify(d.range));
    assert.equal(new Set(ranges).size, ranges.length, `a range with two diagnostics in:\n${text}`);
    const at = int(r, 0, text.length);
    text = text.slice(0, at) + pick(r, edits) + text.slice(at + (r() < 0.3 ? int(r, 0, 6) : 0));
    if (i % 50 === 49) text = mistakes;
  }
});

test('a publish that failed on a reference the catalog also lacks: its problem is the one shown, the catalog’s said with it', async () => {
  const { l } = await check(model('      - name: gross_sales\n        dataSource: sample_data.ecommerce_db.shopify.fact_sal\n'));
  const at = l.document.getText().indexOf('sample_data.ecommerce_db.shopify.fact_sal');
  const target = { start: at, end: at + 'sample_data.ecommerce_db.shopify.fact_sal'.length };
  const failed = { target, code: 'unknown-table' as const, severity: 'error' as const, message: 'Cannot publish: the table `sample_data.ecommerce_db.shopify.fact_sal` does not exist on the server.' };
  const [d] = l.service.validate(l.document, l.model, [failed]);
  assert.equal(d.message, failed.message);
  assert.match(d.relatedInformation?.[0].message ?? '', /^Unknown table .*Did you mean `sample_data\.ecommerce_db\.shopify\.fact_sale`/);
  assert.deepEqual(l.service.codeActions(l.document, l.model, [d]).map((a) => a.title), ['Change to `sample_data.ecommerce_db.shopify.fact_sale`']);
});
