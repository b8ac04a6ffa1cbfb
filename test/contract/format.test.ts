// What the authoring format compiles to is a valid upstream CreateMlModel request once references
// are resolved (fake ids here; the publish tests resolve them against the sandbox).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseModel } from '../../server/src/service/document';
import { readModel } from '../../server/src/service/model';
import { compileModel, referencesOf, UnresolvedReferenceError, type Resolved } from '../../server/src/publish/compile';
import { upstreamValidator } from '../helpers/upstream';

const repo = join(__dirname, '..', '..', '..');

const fakeIds: Resolved = {
  entity: (kind, fqn) => ({ id: randomUUID(), type: kind, fullyQualifiedName: fqn }),
  tagSource: () => 'Classification',
};

function compile(text: string) {
  return compileModel(readModel(parseModel(text)), fakeIds);
}

test('the examples compile to requests the upstream createMlModel schema accepts', () => {
  const validate = upstreamValidator('api/data/createMlModel.json');
  for (const name of ['eta_predictions', 'forecast_sales']) {
    const request = compile(readFileSync(join(repo, 'examples', `${name}.mlmodel.yaml`), 'utf8'));
    assert.ok(validate(request), `${name}: ${JSON.stringify(validate.errors, null, 2)}`);
  }
});

test('every field of the format compiles to a valid request', () => {
  const request = compile(`
name: everything
displayName: Everything
description: All the fields
algorithm: XGBoost
service: mlflow_svc
target: churned
server: https://serve.example.com/predict
dashboard: sample_superset.eta_predictions_performance
sourceUrl: https://mlflow.example.com/#/models/everything
mlStore:
  storage: s3://models/everything.pkl
  imageRepository: registry.example.com/everything:1
mlHyperParameters:
  - name: lr
    value: 1.0
    description: learning rate
  - name: deep
    value: true
mlFeatures:
  - name: spend
    dataType: numerical
    description: Spend
    featureAlgorithm: sum
    featureSources:
      - name: gross_sales
        dataType: number
        description: gross
        dataSource: sample_data.ecommerce_db.shopify.fact_sale
        tags: [PII.NonSensitive]
      - name: shop_id
        dataSource: sample_data.ecommerce_db.shopify."dim.product"
    tags:
      - Tier.Tier2
owners:
  - user: aaron_johnson0
  - team: Data
tags:
  - Tier.Tier1
  - {tagFQN: PersonalData.Personal, source: Classification}
domain: Marketing
dataProducts: [churn_insights]
extension: {costCenter: "42"}
sourceHash: abc123
`);
  const validate = upstreamValidator('api/data/createMlModel.json');
  assert.ok(validate(request), JSON.stringify(validate.errors, null, 2));
  // Hyperparameter values are sent as written, as strings.
  assert.deepEqual(request.mlHyperParameters!.map((h) => h.value), ['1.0', 'true']);
  // Quoted FQN parts keep upstream quoting.
  assert.equal(request.mlFeatures![0].featureSources![1].dataSource!.type, 'table');
  assert.equal(request.mlFeatures![0].featureSources![1].dataSource!.fullyQualifiedName, 'sample_data.ecommerce_db.shopify."dim.product"');
  assert.deepEqual(request.tags![0], { tagFQN: 'Tier.Tier1', source: 'Classification', labelType: 'Manual', state: 'Confirmed' });
  assert.deepEqual(request.owners!.map((o) => o.type), ['user', 'team']);
});

test('references are listed once each, and an unresolved one stops compilation', () => {
  const model = readModel(parseModel(readFileSync(join(repo, 'examples', 'eta_predictions.mlmodel.yaml'), 'utf8')));
  assert.deepEqual(referencesOf(model), [
    { kind: 'table', fqn: 'sample_data.ecommerce_db.shopify.fact_sale' },
    { kind: 'table', fqn: 'sample_data.ecommerce_db.shopify.raw_customer' },
    { kind: 'user', fqn: 'aaron_johnson0' },
    { kind: 'tag', fqn: 'Tier.Tier1' },
  ]);
  assert.throws(() => compileModel(model, { entity: () => undefined, tagSource: () => 'Classification' }), UnresolvedReferenceError);
});
