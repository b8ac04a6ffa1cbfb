// The bench's inputs: generated models that are deterministic and valid under the upstream schema
// and ours, a mistakes file whose errors sit exactly on the lines the bench expects, and an
// upstream schema copy that is what the converter makes of ../shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as YAML from 'yaml';
import { writeCiModels } from '../bench/ci-validate';
import { benchModels, generateModel } from '../bench/generate';
import { repoRoot, upstreamSchemaDir } from '../bench/paths';
import { convertSchemaClosure, javaPatternToJs } from '../bench/upstream-schema';
import { UPSTREAM_MISSING, UPSTREAM_SCHEMAS } from '../helpers/upstream';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
  addFormats(ajv);
  for (const format of ['utc-millisec', 'timezone', 'queryBuilder']) ajv.addFormat(format, true);
  return ajv;
}

function upstreamValidator(): ValidateFunction {
  const ajv = newAjv();
  for (const file of files(upstreamSchemaDir)) ajv.addSchema(JSON.parse(readFileSync(file, 'utf8')), `om:/${relative(upstreamSchemaDir, file)}`);
  return ajv.getSchema('om:/api/data/createMlModel.json')!;
}

function ourValidator(): ValidateFunction {
  return newAjv().compile(JSON.parse(readFileSync(join(repoRoot, 'schemas', 'mlmodel.schema.json'), 'utf8')));
}

/** 0-based lines of the errors a validator finds: the value for a bad value, the key for an unknown key. */
function errorLines(validate: ValidateFunction, text: string): number[] {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter });
  assert.deepEqual(doc.errors, []);
  if (validate(doc.toJS())) return [];
  const line = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    assert.ok(range, 'error on a node without a range');
    return lineCounter.linePos(range[0]).line - 1;
  };
  const at = (e: ErrorObject): number => {
    const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    if (e.keyword === 'additionalProperties') {
      const map = doc.getIn(path, true) as YAML.YAMLMap;
      return line(map.items.find((pair) => (pair.key as YAML.Scalar).value === e.params.additionalProperty)?.key);
    }
    return line(doc.getIn(path, true));
  };
  return [...new Set((validate.errors ?? []).map(at))].sort((a, b) => a - b);
}

test('the models are deterministic and near the anchor sizes', () => {
  const first = benchModels();
  const second = benchModels();
  assert.deepEqual(second, first);
  const kb = first.sized.map((m) => Math.round(m.text.length / 1000));
  for (const [size, anchor] of kb.map((k, i) => [k, [51, 519, 2600][i]])) assert.ok(Math.abs(size - anchor) / anchor < 0.05, `${size} KB vs ${anchor} KB`);
  assert.notEqual(generateModel(100, { seed: 8 }).text, generateModel(100).text);
});

test('every feature has 1-3 sources with {id, type: table} references', () => {
  const model = YAML.parse(benchModels().sized[0].text) as { mlFeatures: { featureSources: { dataSource: { id: string; type: string } }[] }[] };
  assert.equal(model.mlFeatures.length, 100);
  for (const feature of model.mlFeatures) {
    assert.ok(feature.featureSources.length >= 1 && feature.featureSources.length <= 3);
    for (const source of feature.featureSources) assert.deepEqual(Object.keys(source.dataSource), ['id', 'type']);
  }
});

test('the sized models are valid under the upstream schema and ours', () => {
  const validators = [upstreamValidator(), ourValidator()];
  for (const model of benchModels().sized.slice(0, 1)) {
    for (const validate of validators) assert.deepEqual(errorLines(validate, model.text), [], model.name);
  }
});

test('the mistakes file has exactly its 50 mistakes, on their lines, under both schemas', () => {
  const { withMistakes } = benchModels();
  const expected = withMistakes.mistakes.map((m) => m.line);
  assert.equal(new Set(expected).size, 50);
  assert.deepEqual(errorLines(upstreamValidator(), withMistakes.text), expected);
  assert.deepEqual(errorLines(ourValidator(), withMistakes.text), expected);
  const lines = withMistakes.text.split('\n');
  for (const m of withMistakes.mistakes) assert.equal(lines[m.line].trim(), m.text);
});

test('the CI folder: 1,000 models, one name each, valid under our schema but 10 with their 4 mistakes on their lines', () => {
  const folder = mkdtempSync(join(tmpdir(), 'mlmodel-ci-models-'));
  try {
    const written = writeCiModels(folder);
    const names = readdirSync(folder).sort();
    assert.equal(names.length, 1000);
    assert.equal(written.mistaken.size, 10);
    const validate = ourValidator();
    const modelNames = new Set<string>();
    for (const name of names) {
      const file = join(folder, name);
      const text = readFileSync(file, 'utf8');
      modelNames.add(/^name: (.*)$/m.exec(text)![1]);
      assert.deepEqual(errorLines(validate, text), written.mistaken.get(file) ?? [], name);
    }
    assert.equal(modelNames.size, 1000);
    for (const lines of written.mistaken.values()) assert.equal(lines.length, 4);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('(?U) patterns keep Java Unicode semantics in JavaScript', () => {
  const tagName = new RegExp(javaPatternToJs("^(?U)[\\w'\\- .&()]+$"), 'u');
  for (const ok of ['Tier1', 'Données_client', 'магазин', "O'Brien (EU) & Co.-1"]) assert.ok(tagName.test(ok), ok);
  for (const bad of ['a:b', 'x/y', '']) assert.ok(!tagName.test(bad), bad);
  const link = new RegExp(javaPatternToJs('(?U)^<#E::\\w+::(?:[^:<>|]|:[^:<>|])+>$'), 'u');
  assert.ok(link.test('<#E::tablé::db.schema>'));
  assert.equal(javaPatternToJs('^((?!::).)*$'), '^((?!::).)*$');
});

test('the committed upstream schema copy is what the converter makes', { skip: UPSTREAM_MISSING }, () => {
  const converted = convertSchemaClosure(UPSTREAM_SCHEMAS, 'api/data/createMlModel.json');
  const committed = files(upstreamSchemaDir).map((f) => relative(upstreamSchemaDir, f)).sort();
  assert.deepEqual(committed, [...converted.keys()].sort());
  for (const [rel, schema] of converted) assert.equal(readFileSync(join(upstreamSchemaDir, rel), 'utf8'), JSON.stringify(schema, null, 2) + '\n', rel);
});
