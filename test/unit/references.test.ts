// The table of where a model file refers to catalog entities (server/src/service/references.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModel } from '../../server/src/service/document';
import { referenceAt, referenceKindAt, referencesIn } from '../../server/src/service/references';
import { SHOPIFY } from '../helpers/models';

const text = `name: m
service: mlflow_svc
dashboard: sample_superset.eta
mlFeatures:
  - name: f
    featureSources:
      - name: email
        dataSource: ${SHOPIFY}.dim_customer
        tags: [PII.Sensitive]
      - name: id
        dataSource: {id: 1b2c, type: table, fullyQualifiedName: ${SHOPIFY}.raw_customer}
    tags:
      - tagFQN: Tier.Tier1
owners:
  - user: aaron_johnson0
  - team: Data
tags: [Tier.Tier2]
`;

test('every reference the file makes, in file order, with its kind, path, raw form and context', () => {
  const refs = referencesIn(parseModel(text).yaml.root);
  assert.deepEqual(
    refs.map((r) => [r.kind, r.name, r.path.join('.'), r.raw, r.table ?? null]),
    [
      ['mlmodelService', 'mlflow_svc', 'service', false, null],
      ['dashboard', 'sample_superset.eta', 'dashboard', false, null],
      ['column', 'email', 'mlFeatures.0.featureSources.0.name', false, `${SHOPIFY}.dim_customer`],
      ['table', `${SHOPIFY}.dim_customer`, 'mlFeatures.0.featureSources.0.dataSource', false, null],
      ['tag', 'PII.Sensitive', 'mlFeatures.0.featureSources.0.tags.0', false, null],
      // A column of a table given as a raw reference is not checked against it: no `table`.
      ['column', 'id', 'mlFeatures.0.featureSources.1.name', false, null],
      ['table', `${SHOPIFY}.raw_customer`, 'mlFeatures.0.featureSources.1.dataSource', true, null],
      ['tag', 'Tier.Tier1', 'mlFeatures.0.tags.0', true, null],
      ['user', 'aaron_johnson0', 'owners.0.user', false, null],
      ['team', 'Data', 'owners.1.team', false, null],
      ['tag', 'Tier.Tier2', 'tags.0', false, null],
    ],
  );
  const [, , email] = refs;
  assert.equal(email.source, refs[3].source);
  assert.ok(email.feature && email.source && email.feature !== email.source);
  assert.equal(refs[7].value.kind, 'map', 'a label: the value is its mapping, the node its tagFQN');
  assert.equal(referenceAt(parseModel(text).yaml.root, text.indexOf('aaron') + 2)?.kind, 'user');
});

test('the kind of reference a value being typed at a path is, for completion', () => {
  assert.equal(referenceKindAt(['service']), 'mlmodelService');
  assert.equal(referenceKindAt(['mlFeatures', 3, 'featureSources', 0, 'dataSource']), 'table');
  assert.equal(referenceKindAt(['mlFeatures', 3, 'featureSources', 0, 'name']), 'column');
  assert.equal(referenceKindAt(['mlFeatures', 3, 'tags', 1]), 'tag');
  assert.equal(referenceKindAt(['owners', 0, 'team']), 'team');
  assert.equal(referenceKindAt(['mlFeatures', 3, 'name']), undefined);
  assert.equal(referenceKindAt(['mlFeatures', 'x', 'tags', 1]), undefined, 'a list index is a number');
  assert.equal(referenceKindAt(['mlStore', 'tags', 0]), undefined, 'tags only where the format has them');
});
