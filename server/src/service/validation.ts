// Problems of a document: YAML syntax, the schema, and the rules the schema cannot express.
// Each `mlFeatures` item is validated on its own and the result kept with its node, so after an
// edit only the features that changed are validated again.

import { Chunk, MapNode, type SeqNode, type YamlNode } from './yaml/ast';
import { getPair, getValue, stringValue } from './yaml/query';
import { AliasExpansionError, toJS } from './yaml/values';
import type { ModelDocument } from './document';
import { validateFeature, validateModelFields } from './schema';
import { schemaProblems } from './schemaProblems';
import type { Problem } from './types';

export function validateModel(doc: ModelDocument): Problem[] {
  if (doc.tooLarge) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return [
      {
        target: { start: 0, end: 0 },
        code: 'too-large',
        severity: 'error',
        message: `This file is ${mb(doc.tooLarge.bytes)} MB, more than the ${mb(doc.tooLarge.limitBytes)} MB the language server reads (setting mlmodel.validation.maxFileSizeMB). It was not validated.`,
      },
    ];
  }
  const problems: Problem[] = doc.yaml.errors.map((e) => ({
    target: e,
    code: e.code,
    severity: e.severity,
    message: e.message,
    related: e.related ? [{ target: e.related, message: e.related.message }] : undefined,
  }));
  problems.push(...badCharacterProblems(doc));
  const root = doc.yaml.root;
  if (!root) {
    // A new file: nothing is wrong yet. One hint, not errors for every required field.
    problems.push({
      target: { start: 0, end: 0 },
      code: 'empty-file',
      severity: 'information',
      message: 'Start the model with `name:` and `algorithm:` (Ctrl+Space suggests them), or use the quick fix.',
      fix: { kind: 'add-fields', map: new MapNode(new Chunk(), 0, 0, false, 0), fields: ['name', 'algorithm'] },
    });
    return problems;
  }
  if (root.kind !== 'map') {
    problems.push({
      target: root,
      code: 'not-a-model',
      severity: 'error',
      message: 'An mlmodel file is a mapping of fields, starting with `name:` and `algorithm:`; this document is ' + (root.kind === 'seq' ? 'a list.' : 'a single value.'),
    });
    return problems;
  }
  try {
    problems.push(...modelProblems(root));
  } catch (e) {
    if (!(e instanceof AliasExpansionError)) throw e;
    problems.push({
      target: e.node,
      code: 'alias-expansion',
      severity: 'error',
      message: 'Aliases here expand to more than 100,000 values (a "billion laughs" document); the file was not validated further.',
    });
  }
  return problems.sort((a, b) => a.target.start - b.target.start);
}

function modelProblems(root: MapNode): Problem[] {
  const validate = validateModelFields;
  const problems: Problem[] = [];
  const features = getValue(root, 'mlFeatures');
  const featureItems = features?.kind === 'seq' ? features : undefined;
  // The model without its feature list's items: each item is validated on its own below.
  const value = shallowModelValue(root, featureItems);
  if (!validate(value)) problems.push(...schemaProblems(validate.errors ?? [], root, []));
  if (featureItems) {
    const checked = featureItems.items.map(checkFeature);
    for (const c of checked) problems.push(...c.problems);
    problems.push(...duplicates(checked.map((c) => c.name), 'feature'));
  }
  const hyper = getValue(root, 'mlHyperParameters');
  if (hyper?.kind === 'seq') problems.push(...duplicates(hyper.items.map(nameOf), 'hyperparameter'));
  return problems;
}

function shallowModelValue(root: MapNode, features: SeqNode | undefined): unknown {
  const out: Record<string, unknown> = {};
  for (const pair of root.pairs) {
    const key = String(pair.key.value);
    const value = features && pair.value === features ? [] : toJS(pair.value);
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

/**
 * One problem per kind of bad character, on the first: the mistake is the file's encoding (or
 * that it is not text), fixed once for all of them.
 */
function badCharacterProblems(doc: ModelDocument): Problem[] {
  const problems: Problem[] = [];
  const text = doc.yaml.text;
  for (const [char, message] of [
    ['\uFFFD', 'U+FFFD (\uFFFD) stands for bytes that were not valid UTF-8: the file was saved in another encoding. Reopen it with that encoding (Reopen with Encoding), save it as UTF-8 (Save with Encoding), and type again what was lost.'],
    ['\0', 'A NUL character cannot be in a model file: is it binary, or saved as UTF-16? Save it as UTF-8 (Save with Encoding), or remove the character.'],
  ]) {
    const at = doc.badCharacters.filter((p) => text[p] === char);
    if (!at.length) continue;
    const more = at.length > 1 ? ` ${at.length - 1} more in this file.` : '';
    problems.push({ target: { start: at[0], end: at[0] + 1 }, code: 'invalid-character', severity: 'error', message: message + more });
  }
  return problems;
}

// ---------------------------------------------------------------- features

interface CheckedFeature {
  rev: number;
  problems: Problem[];
  name: Named | undefined;
}

/** A `name:` value and its node. */
interface Named {
  value: string;
  node: YamlNode;
}

const featureCache = new WeakMap<YamlNode, CheckedFeature>();

function checkFeature(item: YamlNode): CheckedFeature {
  const rev = item.kind === 'map' || item.kind === 'seq' ? item.rev : 0;
  const cached = featureCache.get(item);
  if (cached && cached.rev === rev) return cached;
  const problems: Problem[] = [];
  if (!validateFeature(toJS(item))) problems.push(...schemaProblems(validateFeature.errors ?? [], item, ['mlFeatures', 0]));
  const sources = getValue(item, 'featureSources');
  const name = nameOf(item);
  if (sources?.kind === 'seq') problems.push(...duplicateSources(sources, name?.value));
  const checked = { rev, problems, name };
  featureCache.set(item, checked);
  return checked;
}

function nameOf(item: YamlNode): Named | undefined {
  const node = item.kind === 'map' ? getPair(item, 'name')?.value : undefined;
  const value = stringValue(node);
  return node && value ? { value, node } : undefined;
}

// ---------------------------------------------------------------- duplicates

/** Feature and hyperparameter names are unique in a model. */
function duplicates(names: Array<Named | undefined>, noun: 'feature' | 'hyperparameter'): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, YamlNode>();
  for (const named of names) {
    if (!named) continue;
    const first = seen.get(named.value);
    if (!first) {
      seen.set(named.value, named.node);
      continue;
    }
    problems.push({
      target: named.node,
      code: 'duplicate-name',
      severity: 'error',
      message: `Duplicate ${noun} name \`${named.value}\`: ${noun} names must be unique in a model.`,
      related: [{ target: first, message: `\`${named.value}\` is first defined here` }],
    });
  }
  return problems;
}

/** A source is a column of a table: the same column of the same table twice in a feature is a mistake. */
function duplicateSources(sources: SeqNode, featureName: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, YamlNode>();
  for (const item of sources.items) {
    if (item.kind !== 'map') continue;
    const nameNode = getPair(item, 'name')?.value;
    const name = stringValue(nameNode);
    if (!nameNode || !name) continue;
    const table = stringValue(getValue(item, 'dataSource')) ?? '';
    const key = `${table}\u0000${name}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, nameNode);
      continue;
    }
    const where = featureName ? ` in feature \`${featureName}\`` : '';
    problems.push({
      target: nameNode,
      code: 'duplicate-name',
      severity: 'error',
      message: `Duplicate source \`${name}\`${table ? ` of \`${table}\`` : ''}${where}: each column is listed once per feature.`,
      related: [{ target: first, message: `\`${name}\` is first listed here` }],
    });
  }
  return problems;
}
