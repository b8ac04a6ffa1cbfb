// OpenMetadata's name quoting (FullyQualifiedName.quoteName) as each server version writes it, and
// the splitting that reads every spelling back. Expected values are upstream's, worked out from
// FullyQualifiedName.java @0108dc5f (1.5), @9c906918 (1.6 … 1.13) and PR #28697 (2.0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidNameError, joinFqn, joinFqnFor, nameQuotingOf, normalizeFqn, quoteName, splitFqn } from '../../server/src/service/fqn';

test('names without a quote are written alike by every version: wrapped only around a dot', () => {
  for (const quoting of ['reject', 'backslash', 'double'] as const) {
    assert.equal(quoteName('fact_sale', quoting), 'fact_sale');
    assert.equal(quoteName('dim.product', quoting), '"dim.product"');
    // An already quoted name stays quoted only when it needs to.
    assert.equal(quoteName('"dim.product"', quoting), '"dim.product"');
    assert.equal(quoteName('"fact_sale"', quoting), 'fact_sale');
  }
});

test('a name containing a quote: refused before 1.6, backslash-escaped and never wrapped until 2.0, doubled and wrapped from 2.0', () => {
  assert.throws(() => quoteName('my"model', 'reject'), InvalidNameError);
  assert.throws(() => quoteName('my"model', 'reject'), /Invalid name my"model/);
  assert.equal(quoteName('my"model', 'backslash'), 'my\\"model');
  // @9c906918 returns before the dot rule: a quote and a dot give an unwrapped, escaped part.
  assert.equal(quoteName('v1.0 "best"', 'backslash'), 'v1.0 \\"best\\"');
  assert.equal(quoteName('my"model', 'double'), '"my""model"');
  assert.equal(quoteName('v1.0 "best"', 'double'), '"v1.0 ""best"""');
  // PR #28697: idempotent on an encoded part.
  assert.equal(quoteName('"my""model"', 'double'), '"my""model"');
  assert.equal(joinFqnFor('double', 'mlflow_svc', 'my"model'), 'mlflow_svc."my""model"');
  assert.equal(joinFqnFor('backslash', 'mlflow_svc', 'my"model'), 'mlflow_svc.my\\"model');
});

test('the newest quoting is the default', () => {
  assert.equal(quoteName('my"model'), '"my""model"');
  assert.equal(joinFqn('a', 'b.c'), 'a."b.c"');
});

test('splitting reads every spelling a version writes', () => {
  assert.deepEqual(splitFqn('sample_data.ecommerce_db.shopify."dim.product"'), ['sample_data', 'ecommerce_db', 'shopify', 'dim.product']);
  assert.deepEqual(splitFqn('mlflow_svc."my""model"'), ['mlflow_svc', 'my"model']);
  assert.deepEqual(splitFqn('mlflow_svc.my\\"model'), ['mlflow_svc', 'my"model']);
  assert.deepEqual(splitFqn('mlflow_svc."a"".b"'), ['mlflow_svc', 'a".b']);
  assert.equal(splitFqn('mlflow_svc."unclosed'), undefined);
  assert.equal(splitFqn('mlflow_svc.bare"quote'), undefined);
  assert.equal(splitFqn('a..b'), undefined);
  assert.equal(splitFqn('"a"b'), undefined);
});

test('normalizing writes a version’s spelling, and is undefined where that version cannot write the name', () => {
  assert.equal(normalizeFqn('mlflow_svc.my\\"model', 'double'), 'mlflow_svc."my""model"');
  assert.equal(normalizeFqn('mlflow_svc."my""model"', 'backslash'), 'mlflow_svc.my\\"model');
  assert.equal(normalizeFqn('mlflow_svc."my""model"', 'reject'), undefined);
  assert.equal(normalizeFqn('s."dim.product"', 'reject'), 's."dim.product"');
});

test('the quoting of a server version', () => {
  assert.equal(nameQuotingOf('1.5.15'), 'reject');
  assert.equal(nameQuotingOf('1.6.0'), 'backslash');
  assert.equal(nameQuotingOf('1.9.17.6'), 'backslash');
  assert.equal(nameQuotingOf('1.13.2'), 'backslash');
  assert.equal(nameQuotingOf('2.0.0-SNAPSHOT'), 'double');
  assert.equal(nameQuotingOf('2.1.0'), 'double');
  assert.equal(nameQuotingOf(undefined), 'double');
  assert.equal(nameQuotingOf('unknown'), 'double');
});
