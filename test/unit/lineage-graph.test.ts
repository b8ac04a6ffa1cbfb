// The lineage view's graph: what the file names (tables → columns → features → model → dashboard,
// each with its range), and what the catalog index holds in memory (sensitive tags, unknown
// entities, upstream tables, links).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogIndex } from '../../server/src/service/catalogIndex';
import type { LineageTable } from '../../server/src/service/catalog';
import { parseModel } from '../../server/src/service/document';
import type { LineageGraph, LineageNode } from '../../server/src/shared/lineageGraph';
import { lineageGraph, MAX_LINEAGE_FEATURES } from '../../server/src/service/lineageGraph';
import { fakeCatalog, TABLES, type FakeCatalog } from '../helpers/fakeCatalog';
import { SHOPIFY } from '../helpers/models';

const PII = { sensitiveTags: ['PII.Sensitive'] };

const ETA = [
  'name: eta_predictions',
  'algorithm: Neural Network',
  'service: mlflow_svc',
  'dashboard: sample_superset.eta_predictions_performance',
  'mlFeatures:',
  '  - name: sales',
  '    dataType: numerical',
  '    featureSources:',
  '      - name: gross_sales',
  '        dataType: number',
  `        dataSource: ${SHOPIFY}.fact_sale`,
  '  - name: persona',
  '    featureSources:',
  '      - name: membership',
  `        dataSource: ${SHOPIFY}.raw_customer`,
  '      - name: platform',
  `        dataSource: ${SHOPIFY}.raw_customer`,
  '  - name: buyer',
  '    featureSources:',
  '      - name: membership',
  `        dataSource: ${SHOPIFY}.raw_customer`,
  '',
].join('\n');

function graphOf(text: string, index?: CatalogIndex, settings = PII): LineageGraph {
  const document = TextDocument.create('file:///m.mlmodel.yaml', 'mlmodel-yaml', 1, text);
  return lineageGraph(document, parseModel(text), index, settings);
}

/** Graph with the index filled: once to ask, once more after the answers (and what they asked for) arrived. */
async function settledGraph(text: string, index: CatalogIndex, settings = PII): Promise<LineageGraph> {
  for (let round = 0; round < 3; round++) {
    graphOf(text, index, settings);
    await index.settled();
  }
  return graphOf(text, index, settings);
}

async function connected(fake: FakeCatalog = fakeCatalog()): Promise<CatalogIndex> {
  const index = new CatalogIndex(fake);
  await index.start();
  return index;
}

/** A catalog whose lineage has raw_customer → dim_customer → (nothing) and fact_order, raw_customer → fact_sale. */
function withLineage(): FakeCatalog & { upstreamCalls: string[] } {
  const fake = fakeCatalog();
  const ref = (name: string): LineageTable => {
    const t = TABLES.find((x) => x.name === name)!;
    return { id: t.id, name: t.name, fullyQualifiedName: t.fullyQualifiedName };
  };
  const upstream: Record<string, LineageTable[]> = {
    [`${SHOPIFY}.fact_sale`]: [ref('fact_order'), ref('raw_customer')],
    [`${SHOPIFY}.dim_customer`]: [ref('raw_customer')],
  };
  const upstreamCalls: string[] = [];
  return Object.assign(fake, {
    upstreamCalls,
    async upstreamTables(fqn: string) {
      upstreamCalls.push(fqn);
      return TABLES.some((t) => t.fullyQualifiedName === fqn) ? (upstream[fqn] ?? []) : undefined;
    },
  });
}

const node = (g: LineageGraph, id: string): LineageNode => {
  const found = g.nodes.find((n) => n.id === id);
  assert.ok(found, `no node ${id}; nodes: ${g.nodes.map((n) => n.id).join(', ')}`);
  return found;
};
const edges = (g: LineageGraph) => g.edges.map((e) => `${e.from} -> ${e.to}`).sort();
const line = (n: LineageNode) => n.range && [n.range.start.line, n.range.start.character, n.range.end.character];

test('without a catalog: tables → columns → features → model → dashboard, as the file names them, each on its range', () => {
  const g = graphOf(ETA);
  assert.equal(g.catalog, 'off');
  assert.deepEqual(
    g.nodes.map((n) => [n.kind, n.label, line(n)]),
    [
      ['model', 'eta_predictions', [0, 6, 21]],
      ['feature', 'sales', [5, 10, 15]],
      ['table', 'fact_sale', [10, 20, 62]],
      ['column', 'gross_sales', [8, 14, 25]],
      ['feature', 'persona', [11, 10, 17]],
      ['table', 'raw_customer', [14, 20, 65]],
      ['column', 'membership', [13, 14, 24]],
      ['column', 'platform', [15, 14, 22]],
      ['feature', 'buyer', [17, 10, 15]],
      ['dashboard', 'eta_predictions_performance', [3, 11, 54]],
    ],
  );
  assert.deepEqual(edges(g), [
    `column:${SHOPIFY}.fact_sale\u0000gross_sales -> feature:0`,
    `column:${SHOPIFY}.raw_customer\u0000membership -> feature:1`,
    `column:${SHOPIFY}.raw_customer\u0000membership -> feature:2`,
    `column:${SHOPIFY}.raw_customer\u0000platform -> feature:1`,
    'feature:0 -> model',
    'feature:1 -> model',
    'feature:2 -> model',
    'model -> dashboard:sample_superset.eta_predictions_performance',
    `table:${SHOPIFY}.fact_sale -> column:${SHOPIFY}.fact_sale\u0000gross_sales`,
    `table:${SHOPIFY}.raw_customer -> column:${SHOPIFY}.raw_customer\u0000membership`,
    `table:${SHOPIFY}.raw_customer -> column:${SHOPIFY}.raw_customer\u0000platform`,
  ]);
  assert.equal(node(g, 'model').fqn, 'mlflow_svc.eta_predictions');
  assert.equal(node(g, 'model').detail, 'Neural Network');
  assert.equal(node(g, `column:${SHOPIFY}.fact_sale\u0000gross_sales`).detail, 'number', 'the dataType the file gives');
  assert.ok(g.nodes.every((n) => n.url === undefined && !n.unknown && n.sensitiveTags.length === 0), 'no links or catalog marks without a catalog');
});

test('a sensitive tag written in the file marks its column without a catalog; other tags do not', () => {
  const text = `name: m\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: email\n        tags: [PII.Sensitive]\n        dataSource: ${SHOPIFY}.dim_customer\n      - name: id\n        tags:\n          - tagFQN: Tier.Tier1\n`;
  const g = graphOf(text);
  assert.deepEqual(node(g, `column:${SHOPIFY}.dim_customer\u0000email`).sensitiveTags, ['PII.Sensitive']);
  // A column of no named table belongs to its source alone.
  assert.deepEqual(node(g, 'column:#0.1').sensitiveTags, []);
  assert.deepEqual(node(graphOf(text, undefined, { sensitiveTags: ['Tier.Tier1'] }), 'column:#0.1').sensitiveTags, ['Tier.Tier1'], '{tagFQN} labels count too');
});

test('with a catalog: sensitive columns and tables (as configured), catalog column types, links into OpenMetadata', async () => {
  const text = ETA.replace('      - name: platform', `      - name: email\n        dataSource: ${SHOPIFY}.dim_customer\n      - name: platform`);
  const index = await connected();
  const g = await settledGraph(text, index);
  assert.equal(g.catalog, 'ready');
  const email = node(g, `column:${SHOPIFY}.dim_customer\u0000email`);
  assert.deepEqual(email.sensitiveTags, ['PII.Sensitive']);
  assert.equal(email.detail, 'VARCHAR', 'the file gives no dataType: the catalog column type');
  assert.equal(email.url, `http://om.example:8585/table/${encodeURIComponent(`${SHOPIFY}.dim_customer`)}`);
  assert.deepEqual(g.nodes.filter((n) => n.sensitiveTags.length).map((n) => n.id), [email.id]);
  assert.equal(node(g, `table:${SHOPIFY}.fact_sale`).url, `http://om.example:8585/table/${encodeURIComponent(`${SHOPIFY}.fact_sale`)}`);
  assert.equal(node(g, 'dashboard:sample_superset.eta_predictions_performance').url, 'http://om.example:8585/dashboard/sample_superset.eta_predictions_performance');
  assert.equal(node(g, 'model').url, undefined, 'the fake catalog has no findMlModel: no page to link to');

  // Another setting: raw_customer's Tier.Tier1 is then the sensitive tag, on the table.
  const tiers = await settledGraph(text, index, { sensitiveTags: ['Tier.Tier1'] });
  assert.deepEqual(tiers.nodes.filter((n) => n.sensitiveTags.length).map((n) => n.id), [`table:${SHOPIFY}.raw_customer`]);
});

test('the model links to OpenMetadata once the server has it', async () => {
  const fake = fakeCatalog();
  let exists = false;
  const index = await connected(Object.assign(fake, { findMlModel: async (fqn: string) => (exists ? { id: 'm1', fullyQualifiedName: fqn, version: 0.1 } : undefined) }));
  assert.equal(node(await settledGraph(ETA, index), 'model').url, undefined);
  exists = true;
  const later = await connected(Object.assign(fakeCatalog(), { findMlModel: fake.findMlModel }));
  assert.equal(node(await settledGraph(ETA, later), 'model').url, 'http://om.example:8585/mlmodel/mlflow_svc.eta_predictions');
});

test('what the catalog does not have is marked unknown: a table, a column, a dashboard', async () => {
  const text = `name: m\ndashboard: sample_superset.no_such_dashboard\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: gross_sale\n        dataSource: ${SHOPIFY}.fact_sale\n      - name: x\n        dataSource: ${SHOPIFY}.no_such_table\n      - name: gross_sales\n        dataSource: ${SHOPIFY}.fact_sale\n`;
  const g = await settledGraph(text, await connected());
  assert.deepEqual(
    g.nodes.filter((n) => n.unknown).map((n) => n.id),
    [`column:${SHOPIFY}.fact_sale\u0000gross_sale`, `table:${SHOPIFY}.no_such_table`, 'dashboard:sample_superset.no_such_dashboard'],
  );
  // The unknown table's column is not judged: nothing is known of its columns.
  assert.equal(node(g, `column:${SHOPIFY}.no_such_table\u0000x`).unknown, undefined);
});

test('upstream tables from the catalog, one level, each linked into the table it feeds; a source table is not drawn twice', async () => {
  const fake = withLineage();
  const text = `name: m\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: gross_sales\n        dataSource: ${SHOPIFY}.fact_sale\n      - name: email\n        dataSource: ${SHOPIFY}.dim_customer\n      - name: platform\n        dataSource: ${SHOPIFY}.raw_customer\n`;
  const g = await settledGraph(text, await connected(fake));
  assert.deepEqual(
    g.nodes.filter((n) => n.kind === 'upstreamTable').map((n) => [n.label, n.fqn, n.range, n.url]),
    [['fact_order', `${SHOPIFY}.fact_order`, undefined, `http://om.example:8585/table/${encodeURIComponent(`${SHOPIFY}.fact_order`)}`]],
  );
  // raw_customer is upstream of fact_sale and dim_customer, and a source of the file itself.
  const raw = node(g, `table:${SHOPIFY}.raw_customer`);
  assert.equal(raw.kind, 'table');
  assert.equal(raw.range?.start.line, 9);
  assert.deepEqual(
    edges(g).filter((e) => e.startsWith('table:') && e.includes('-> table:')),
    [`table:${SHOPIFY}.fact_order -> table:${SHOPIFY}.fact_sale`, `table:${SHOPIFY}.raw_customer -> table:${SHOPIFY}.dim_customer`, `table:${SHOPIFY}.raw_customer -> table:${SHOPIFY}.fact_sale`],
  );
  assert.deepEqual([...new Set(fake.upstreamCalls)].sort(), [`${SHOPIFY}.dim_customer`, `${SHOPIFY}.fact_sale`, `${SHOPIFY}.raw_customer`]);
});

test('upstream tables listed before the file names them become its tables, with their catalog facts', async () => {
  const fake = withLineage();
  // fact_sale first: raw_customer arrives as its upstream table, then the file's own source.
  const text = `name: m\nmlFeatures:\n  - name: f\n    featureSources:\n      - name: gross_sales\n        dataSource: ${SHOPIFY}.fact_sale\n      - name: platform\n        dataSource: ${SHOPIFY}.raw_customer\n`;
  const g = await settledGraph(text, await connected(fake), { sensitiveTags: ['Tier.Tier1'] });
  const raw = node(g, `table:${SHOPIFY}.raw_customer`);
  assert.deepEqual([raw.kind, raw.range?.start.line, raw.sensitiveTags], ['table', 7, ['Tier.Tier1']]);
});

test('the graph is built from memory: nothing known yet, nothing waited for', async () => {
  const fake = withLineage();
  fake.delayMs = 50;
  const index = new CatalogIndex(fake);
  void index.start();
  const first = graphOf(ETA, index);
  assert.equal(first.catalog, 'connecting');
  assert.ok(first.nodes.every((n) => n.kind !== 'upstreamTable' && !n.unknown && !n.sensitiveTags.length));
  assert.equal(first.nodes.length, graphOf(ETA).nodes.length, 'the file’s nodes are all there');
  await index.settled();
});

test('a catalog without lineage (no upstreamTables): the file’s graph, nothing upstream', async () => {
  const g = await settledGraph(ETA, await connected());
  assert.ok(!g.nodes.some((n) => n.kind === 'upstreamTable'));
});

test('a raw {id, type} reference with its fullyQualifiedName is drawn by that name; a source without a column ties its table to the feature', () => {
  const text = `name: m\nmlFeatures:\n  - name: f\n    featureSources:\n      - dataType: string\n        dataSource:\n          id: 1b2c\n          type: table\n          fullyQualifiedName: ${SHOPIFY}."dim.product"\n`;
  const g = graphOf(text);
  assert.deepEqual(node(g, `table:${SHOPIFY}."dim.product"`).label, 'dim.product');
  assert.deepEqual(edges(g), [`feature:0 -> model`, `table:${SHOPIFY}."dim.product" -> feature:0`]);
});

test('past the drawing limit, features are counted, not drawn; broken files give what can be read', () => {
  const features = Array.from({ length: MAX_LINEAGE_FEATURES + 3 }, (_, i) => `  - name: f${i}\n`).join('');
  const g = graphOf(`name: big\nmlFeatures:\n${features}`);
  assert.equal(g.omittedFeatures, 3);
  assert.equal(g.nodes.filter((n) => n.kind === 'feature').length, MAX_LINEAGE_FEATURES);
  assert.deepEqual(graphOf('- not a model\n').nodes, []);
  assert.deepEqual(graphOf('algorithm: x\nmlFeatures: 3\n').nodes.map((n) => [n.kind, n.label, line(n)]), [['model', '(unnamed model)', [0, 0, 9]]]);
});
