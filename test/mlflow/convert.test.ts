// Import from MLflow: an MLmodel file → a *.mlmodel.yaml file that validates clean, with exactly the
// values the MLmodel file gives, a comment saying where each came from, and clear refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { importMlflow } from '../../server/src/mlflow/convert';
import type { MlflowImportResult } from '../../server/src/shared/mlflow';
import { CatalogIndex } from '../../server/src/service/catalogIndex';
import { createLanguageService } from '../../server/src/service/languageService';
import { caret, load, summarize } from '../helpers/fixtures';
import { fakeCatalog } from '../helpers/fakeCatalog';
import { LIGHTGBM_NO_SIGNATURE, PYFUNC_RICH_TYPES, PYTORCH, SKLEARN, XGBOOST } from './mlmodels';

const SOURCE = { file: 'mlruns/0/abc/artifacts/model/MLmodel', folder: '/home/ana/mlruns/0/abc/artifacts/model' };

function imported(text: string, source = SOURCE): Extract<MlflowImportResult, { ok: true }> {
  const result = importMlflow(text, source);
  assert.ok(result.ok, result.ok ? '' : result.message);
  // Every import is a valid model for our own validator: no diagnostics at all.
  assert.deepEqual(summarize(load(result.text)), [], result.text);
  return result;
}

/** The model as data, the comments dropped. */
const values = (text: string) => parse(text) as Record<string, unknown>;

/** The line starting with `needle` (indentation aside) and the comment line above it. */
function commented(text: string, needle: string): [string, string] {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.trim().startsWith(needle));
  assert.ok(i > 0, `no line with ${needle}`);
  return [lines[i - 1].trim(), lines[i].trim()];
}

test('sklearn: name from metadata, the flavor as algorithm, target, run storage, features in order', () => {
  const result = imported(SKLEARN);
  assert.equal(result.name, 'churn_classifier');
  assert.equal(result.fileName, 'churn_classifier.mlmodel.yaml');
  assert.deepEqual(values(result.text), {
    name: 'churn_classifier',
    algorithm: 'scikit-learn',
    target: 'churned',
    mlStore: { storage: 'runs:/8ede7df408dd42ed9fc39019ef7df309/model' },
    mlFeatures: [
      { name: 'plan', dataType: 'categorical' },
      { name: 'auto_renew', dataType: 'categorical' },
      { name: 'tenure_days', dataType: 'numerical' },
      { name: 'monthly_charges', dataType: 'numerical' },
      { name: 'signup_date' },
      { name: 'support calls (90d)', dataType: 'numerical' },
    ],
  });
  assert.deepEqual(result.warnings, ['No dataType for `signup_date`: its MLflow type is neither numerical nor categorical.']);
});

test('sklearn: each value says where it came from; a datetime says why it has no dataType', () => {
  const { text } = imported(SKLEARN);
  assert.deepEqual(commented(text, 'name: churn_classifier'), ['# name: from `metadata.registered_model_name`', 'name: churn_classifier']);
  assert.match(commented(text, 'algorithm:')[0], /^# algorithm: the sklearn flavor 1\.3\.2; the MLmodel file does not name the model's class/);
  assert.deepEqual(commented(text, 'target:'), ['# target: the signature\'s only output (long)', 'target: churned']);
  assert.deepEqual(commented(text, 'storage:'), ['# storage: run 8ede7df408dd42ed9fc39019ef7df309, artifact path model', 'storage: runs:/8ede7df408dd42ed9fc39019ef7df309/model']);
  assert.match(text, /^ {4}dataType: numerical {2}# MLflow long$/m);
  assert.match(text, /^ {4}dataType: categorical {2}# MLflow boolean$/m);
  const signup = text.slice(text.indexOf('- name: signup_date'), text.indexOf('- name: support'));
  assert.match(signup, /# dataType left out: MLflow datetime is neither numerical nor categorical until it is encoded/);
  // The header names the file, the MLflow version, the run and the time.
  assert.match(text, /^# Imported from the MLflow model mlruns\/0\/abc\/artifacts\/model\/MLmodel by `mlmodel import-mlflow`\.\n# MLflow 2\.9\.2, run 8ede7df408dd42ed9fc39019ef7df309, created 2024-01-12 05:17:31\.634689 UTC\.\n/);
});

test('each feature has a commented featureSources placeholder; uncommented, it asks for a table, which completion offers', async () => {
  const { text } = imported(SKLEARN);
  const plan = text.slice(text.indexOf('  - name: plan'), text.indexOf('  - name: auto_renew'));
  assert.equal(plan, '  - name: plan\n    dataType: categorical  # MLflow string\n    # featureSources:\n    #   - name: plan\n    #     dataSource:\n');

  // Uncommented as the user does (Toggle Line Comment), with a service to publish to.
  const uncommented = text.replace('# service: mlflow_svc', 'service: mlflow_svc').replace(plan, plan.replace(/# ( *(featureSources:|- name:|dataSource:))/g, '$1'));
  assert.deepEqual(summarize(load(uncommented)).map(([, covered, code]) => [covered, code]), [['dataSource', 'wrong-type']]);

  const index = new CatalogIndex(fakeCatalog());
  await index.start();
  const service = createLanguageService();
  service.setCatalog(index);
  const { text: typed, offset } = caret(uncommented.replace('    dataSource:\n', '    dataSource: fact|\n'));
  const l = load(typed, service);
  service.validate(l.document, l.model);
  await index.settled();
  const list = await service.complete(l.document, l.model, l.document.positionAt(offset));
  assert.ok(list.items.some((i) => i.detail === 'sample_data.ecommerce_db.shopify.fact_sale'), list.items.map((i) => i.detail).join(', '));
});

test('xgboost: the model_class names the algorithm; MLflow 3 artifact URI as storage; an unnamed output sets no target', () => {
  const result = imported(XGBOOST, { file: 'artifacts/MLmodel', folder: '/srv/models/iris' });
  const model = values(result.text);
  assert.equal(model.name, 'iris');
  assert.equal(model.algorithm, 'XGBClassifier');
  assert.equal(model.target, undefined);
  assert.deepEqual(model.mlStore, { storage: 's3://mlflow-artifacts/1/models/m-4b1c2d3e5f60718293a4b5c6d7e8f901/artifacts' });
  assert.deepEqual(model.mlFeatures, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'].map((name) => ({ name, dataType: 'numerical' })));
  assert.deepEqual(commented(result.text, 'algorithm:'), ['# algorithm: the xgboost flavor\'s model_class, xgboost.sklearn.XGBClassifier', 'algorithm: XGBClassifier']);
  assert.match(result.text, /^# target: the signature's only output is unnamed \(long\); write the name of the value it estimates$/m);
  assert.deepEqual(result.warnings, [
    "The name `iris` is the folder's; rename the model as it should be known in OpenMetadata.",
    "The signature's only output is unnamed; no target was set.",
  ]);
});

test('MLflow 3 layout (<model id>/artifacts/MLmodel): the model id names the model, never the folder `artifacts`', () => {
  // Where MLflow 3 writes every logged model (seen in the real files test/python/mlflow logs): the
  // folder is always `artifacts`, so naming models after it would give every import the same name.
  const folder = '/home/ana/mlartifacts/1/models/m-4b1c2d3e5f60718293a4b5c6d7e8f901/artifacts';
  const result = imported(XGBOOST, { file: `${folder}/MLmodel`, folder });
  assert.equal(values(result.text).name, 'm-4b1c2d3e5f60718293a4b5c6d7e8f901');
  assert.equal(result.fileName, 'm-4b1c2d3e5f60718293a4b5c6d7e8f901.mlmodel.yaml');
  assert.deepEqual(commented(result.text, 'name:'), [
    "# name: the logged model's id (an MLflow 3 MLmodel file does not carry the name it was logged under); rename it",
    'name: m-4b1c2d3e5f60718293a4b5c6d7e8f901',
  ]);
  assert.equal(result.warnings[0], 'The name `m-4b1c2d3e5f60718293a4b5c6d7e8f901` is the logged model\'s id; rename the model as it should be known in OpenMetadata.');
  // A folder merely called `artifacts` elsewhere is still the folder's name.
  assert.equal(values(imported(XGBOOST, { file: 'artifacts/MLmodel', folder: '/srv/artifacts' }).text).name, 'artifacts');
});

test('pytorch: a tensor input becomes one feature without dataType, saying why', () => {
  const result = imported(PYTORCH, { file: 'MLmodel', folder: '/work/mnist_cnn' });
  const model = values(result.text);
  assert.equal(model.algorithm, 'PyTorch');
  assert.deepEqual(model.mlStore, { storage: 'runs:/7ee5e476cc964a99beec2f4269f8e811/mnist_cnn' });
  assert.deepEqual(model.mlFeatures, [{ name: 'input_0' }]);
  assert.match(result.text, /- name: input_0 {2}# unnamed in the signature \(input 0\); rename it\n {4}# dataType left out: MLflow tensor float32 \[-1, 1, 28, 28\] holds many values, not one/);
  assert.match(result.text, /# target: the signature's only output is unnamed \(tensor float32 \[-1, 10\]\)/);
});

test('no signature, saved rather than logged: the folder is name and storage, no features, a Booster named by its library', () => {
  const result = imported(LIGHTGBM_NO_SIGNATURE, { file: 'fraud_model/MLmodel', folder: '/home/ana/fraud_model' });
  assert.deepEqual(values(result.text), { name: 'fraud_model', algorithm: 'LightGBM Booster', mlStore: { storage: '/home/ana/fraud_model' } });
  assert.match(result.text, /# mlFeatures: the MLmodel file has no signature, so the model's inputs are unknown/);
  assert.match(result.text, /# storage: the folder of the MLmodel file \(it names no run and no artifact URI: the model was saved, not logged\)/);
  assert.ok(result.warnings.includes('The MLmodel file has no signature: no features were written; add them by hand.'));
});

test('binary, array, object, map and any inputs are left for the user; several outputs set no target; a numeric-looking run id is kept as written', () => {
  const result = imported(PYFUNC_RICH_TYPES, { file: 'MLmodel', folder: '/m/ranker' });
  const model = values(result.text);
  assert.equal(model.algorithm, 'Custom Python model');
  assert.deepEqual(model.mlStore, { storage: 'runs:/9e123456789012345678901234567890/ranker' });
  assert.deepEqual(model.mlFeatures, [{ name: 'thumbnail' }, { name: 'tags' }, { name: 'address' }, { name: 'scores' }, { name: 'extra' }, { name: 'price', dataType: 'numerical' }]);
  assert.equal(model.target, undefined);
  for (const why of ['MLflow binary is raw bytes', 'MLflow array of string holds many values', 'MLflow object {city, zip} holds named values', 'MLflow map of double holds named values', 'MLflow any gives no type']) {
    assert.ok(result.text.includes(`# dataType left out: ${why}`), why);
  }
  assert.match(result.text, /# target: the signature has 2 outputs \(rank, explanation\)/);
});

test('the algorithm is never a constant: it follows the flavor', () => {
  const algorithm = (flavors: string) => values(imported(`flavors:\n${flavors}`).text).algorithm;
  assert.equal(algorithm('  python_function: {loader_module: mlflow.catboost}\n  catboost: {model_type: CatBoostRegressor, catboost_version: 1.2}\n'), 'CatBoostRegressor');
  assert.equal(algorithm('  python_function: {loader_module: mlflow.transformers}\n  transformers: {task: text-classification, pipeline_model_type: BertForSequenceClassification}\n'), 'BertForSequenceClassification');
  assert.equal(algorithm('  keras: {keras_version: 3.0.1}\n  python_function: {loader_module: mlflow.tensorflow}\n  tensorflow: {saved_model_dir: tfmodel}\n'), 'TensorFlow');
  assert.equal(algorithm('  python_function: {loader_module: mlflow.statsmodels}\n'), 'statsmodels');
  assert.equal(algorithm('  my_flavor: {}\n'), 'my_flavor');
});

test('names and values that need it are quoted, so the file reads back the same', () => {
  const inputs = JSON.stringify([
    { type: 'string', name: 'yes' },
    { type: 'double', name: 'a: b' },
    { type: 'double', name: '#tag' },
    { type: 'long', name: '42' },
    { type: 'long', name: 'a::b' },
    { type: 'long', name: 'plan' },
    { type: 'long', name: 'plan' },
    { type: 'long', name: 'two\nlines' },
  ]);
  const text = `flavors:\n  sklearn: {}\nmetadata:\n  name: "churn: v2"\nsignature:\n  inputs: '${inputs.replaceAll("'", "''")}'\n`;
  const result = imported(text);
  const model = values(result.text);
  assert.equal(model.name, 'churn: v2');
  assert.equal(result.fileName, 'churn_v2.mlmodel.yaml');
  assert.deepEqual((model.mlFeatures as Array<{ name: string }>).map((f) => f.name), ['yes', 'a: b', '#tag', '42', 'a_b', 'plan', 'plan_2', 'two lines']);
  assert.match(result.text, /- name: a_b {2}# the signature's name "a::b" is not a valid OpenMetadata name\n/);
  assert.match(result.text, /- name: plan_2 {2}# the signature names another input plan too\n/);

  const badTarget = imported(`flavors:\n  sklearn: {}\nsignature:\n  inputs: '[{"type": "long", "name": "x"}]'\n  outputs: '[{"type": "long", "name": "y::z"}]'\n`);
  assert.equal(values(badTarget.text).target, undefined);
  assert.match(badTarget.text, /# target: the signature's only output, "y::z", is not a valid OpenMetadata name/);
});

test('malformed MLmodel files are refused with what is wrong', () => {
  const refused = (text: string) => {
    const result = importMlflow(text, SOURCE);
    assert.ok(!result.ok, 'expected a refusal');
    return result.message;
  };
  assert.match(refused('flavors:\n  sklearn: {\nrun_id: x\n'), /^not valid YAML: .*line \d+, column \d+/);
  assert.equal(refused('artifact_path: model\nrun_id: abc\n'), 'no `flavors`: an MLmodel file lists the flavors its model can be loaded as (e.g. `sklearn`, `python_function`)');
  assert.match(refused('flavors: {}\n'), /^`flavors` must be a mapping of flavor names/);
  assert.match(refused('- just\n- a list\n'), /^not an MLmodel file/);
  assert.match(refused(`flavors:\n  sklearn: {}\nsignature:\n  inputs: '[{"type": "double", "name": "x"'\n`), /^`signature\.inputs` is not valid JSON: /);
  assert.match(refused(`flavors:\n  sklearn: {}\nsignature:\n  inputs: '[{"type": "double"}]'\n  outputs: '{not json}'\n`), /^`signature\.outputs` is not valid JSON: /);
  assert.equal(refused(`flavors:\n  sklearn: {}\nsignature:\n  inputs: '{"type": "double"}'\n`), '`signature.inputs` must be a JSON list of columns or tensors');
  assert.equal(refused(`flavors:\n  sklearn: {}\nsignature:\n  inputs: '[{"name": "x"}]'\n`), '`signature.inputs[0]` has no `type`');
  assert.equal(refused(`flavors:\n  pytorch: {}\nsignature:\n  inputs: '[{"type": "tensor"}]'\n`), '`signature.inputs[0]` is a tensor without a `tensor-spec` giving its `dtype` and `shape`');
});
