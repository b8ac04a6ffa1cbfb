// What the authoring format compiles to is a valid upstream CreateMlModel request once references
// are resolved (fake ids here; the publish tests resolve them against the sandbox).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseModel } from '../../server/src/service/document';
import { readModel } from '../../server/src/service/model';
import { compileModel, FieldProblemError, referencesOf, UnresolvedReferenceError, type Resolved } from '../../server/src/publish/compile';
import { capabilitiesFor } from '../../server/src/openmetadata/capabilities';
import { UPSTREAM_MISSING, upstreamValidator } from '../helpers/upstream';

const repo = join(__dirname, '..', '..', '..');

const fakeIds: Resolved = {
  entity: (kind, fqn) => ({ id: randomUUID(), type: kind, fullyQualifiedName: fqn }),
  tagSource: () => 'Classification',
};

// The stored upstream createMlModel.json predates 1.9 (it has `domain`, one FQN; see
// ../shared/openmetadata/schema/MANIFEST.tsv), so requests are compiled for a server of that line.
const BEFORE_1_9 = capabilitiesFor('1.8.12');

function compile(text: string, capabilities = BEFORE_1_9) {
  return compileModel(readModel(parseModel(text)), fakeIds, capabilities);
}

test('the examples compile to requests the upstream createMlModel schema accepts', { skip: UPSTREAM_MISSING }, () => {
  const validate = upstreamValidator('api/data/createMlModel.json');
  for (const name of ['eta_predictions', 'forecast_sales']) {
    const request = compile(readFileSync(join(repo, 'examples', `${name}.mlmodel.yaml`), 'utf8'));
    assert.ok(validate(request), `${name}: ${JSON.stringify(validate.errors, null, 2)}`);
  }
});

test('every field of the format compiles to a valid request', { skip: UPSTREAM_MISSING }, () => {
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
    { kind: 'team', fqn: 'Data' },
    { kind: 'tag', fqn: 'Tier.Tier1' },
  ]);
  assert.throws(() => compileModel(model, { entity: () => undefined, tagSource: () => 'Classification' }, BEFORE_1_9), UnresolvedReferenceError);
});

test('the domain key follows the server: `domain` before 1.9, `domains` from 1.9; one domain is written either way', () => {
  const base = 'name: m\nalgorithm: a\nservice: mlflow_svc\n';
  for (const file of [`${base}domain: Marketing\n`, `${base}domains: [Marketing]\n`]) {
    const old = compile(file);
    assert.equal(old.domain, 'Marketing');
    assert.equal('domains' in old, false, 'a server before 1.9 refuses the key domains');
    const newer = compile(file, capabilitiesFor('1.9.0'));
    assert.deepEqual(newer.domains, ['Marketing']);
    assert.equal('domain' in newer, false, 'a 1.9 server refuses the key domain');
  }
  assert.deepEqual(compile(`${base}domains: [Marketing, Sales]\n`, capabilitiesFor('2.0.7')).domains, ['Marketing', 'Sales']);
  assert.throws(() => compile(`${base}domains: [Marketing, Sales]\n`), (e: unknown) => e instanceof FieldProblemError && e.field === 'domains' && /OpenMetadata 1\.8\.12 puts a model in one domain/.test(e.message));
  assert.throws(() => compile(`${base}domain: Marketing\ndomains: [Sales]\n`, capabilitiesFor('2.0.7')), (e: unknown) => e instanceof FieldProblemError && /not both/.test(e.message));
});
