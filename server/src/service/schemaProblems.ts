// Schema validation errors turned into problems a person can act on: on the right node, naming
// the field, saying what is allowed, one problem per mistake.

import type { ErrorObject } from 'ajv';
import type { MapNode, PairNode, YamlNode } from './yaml/ast';
import { isEmptyScalar } from './yaml/ast';
import { getPair, nodeAtPath, stringValue, type PathSegment } from './yaml/query';
import { alternatives, anyOfAt, resolveRef, typeList, type JsonSchema } from './schema';
import { orList, suggest } from './suggest';
import type { Problem, Target } from './types';

/**
 * Problems for `errors` from validating `node`, whose path in the document is `basePath`.
 * `errors` must come from a validator compiled with `verbose: true` and `allErrors: true`.
 */
export function schemaProblems(errors: readonly ErrorObject[], node: YamlNode, basePath: readonly PathSegment[]): Problem[] {
  const problems: Problem[] = [];
  for (const error of collapseAnyOf(errors, basePath)) {
    const problem = toProblem(error, node, basePath);
    if (problem) problems.push(problem);
  }
  // A missing field is reported on a stand-in, the first key of the mapping that lacks it: a
  // problem about those characters themselves comes first (see toDiagnostics: one per range).
  const merged = mergeMissingFields(mergeNearMisses(problems));
  return [...merged.filter((p) => p.code !== 'missing-field'), ...merged.filter((p) => p.code === 'missing-field')];
}

// ---------------------------------------------------------------- anyOf

/**
 * Replace an anyOf failure and the errors of all its branches by the errors of the one branch
 * the value was meant for (the branch of its type: a string reference vs an `{id, type}` object),
 * or by one "must be X or Y" error when no branch takes its type.
 */
function collapseAnyOf(errors: readonly ErrorObject[], basePath: readonly PathSegment[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  if (!anyOfs.length) return [...errors];
  // Outermost first, so nested anyOfs are handled by the re-validation of the outer branch.
  anyOfs.sort((a, b) => a.instancePath.length - b.instancePath.length);
  let out = [...errors];
  for (const anyOf of anyOfs) {
    if (!out.includes(anyOf)) continue;
    const p = anyOf.instancePath;
    // In this schema an anyOf is the only keyword of its schema: everything at or under p is its.
    out = out.filter((e) => !(e.instancePath === p || e.instancePath.startsWith(p + '/')));
    out.push(...branchErrors(anyOf, basePath));
  }
  return out;
}

function branchErrors(anyOf: ErrorObject, basePath: readonly PathSegment[]): ErrorObject[] {
  const data = anyOf.data;
  const kind = jsonType(data);
  const path = [...basePath, ...segmentsOf(anyOf.instancePath)];
  const branches = anyOfAt(path) ?? [];
  const fitting = branches.filter((b) => acceptsType(b.schema, kind));
  if (!fitting.length) {
    return [{ ...anyOf, keyword: 'anyOf-type', params: { branches: branches.map((b) => b.schema) } }];
  }
  let best: ErrorObject[] | undefined;
  let bestScore = Infinity;
  for (const { validate } of fitting) {
    if (validate(data)) return [];
    const errs = collapseAnyOf(validate.errors ?? [], path).map((e) => ({ ...e, instancePath: anyOf.instancePath + e.instancePath }));
    // Prefer the branch whose keys the value nearly has (`usr:` → the `user:` branch).
    const score = errs.length - errs.filter((e) => e.keyword === 'additionalProperties' && nearMissOf(e, errs)).length * 2;
    if (score < bestScore) {
      best = errs;
      bestScore = score;
    }
  }
  return best ?? [];
}

function nearMissOf(unknown: ErrorObject, errs: ErrorObject[]): boolean {
  const key = String(unknown.params.additionalProperty);
  const missing = errs.filter((e) => e.keyword === 'required' && e.instancePath === unknown.instancePath).map((e) => String(e.params.missingProperty));
  return suggest(key, missing, 1).length > 0;
}

function acceptsType(schema: JsonSchema, kind: string): boolean {
  return alternatives(schema).some((alt) => {
    const types = typeList(alt);
    return types.length === 0 || types.includes(kind) || (kind === 'integer' && types.includes('number'));
  });
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

// ---------------------------------------------------------------- one error

function segmentsOf(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function toProblem(error: ErrorObject, root: YamlNode, basePath: readonly PathSegment[]): Problem | undefined {
  const rel = segmentsOf(error.instancePath);
  const found = nodeAtPath(root, rel);
  if (!found) return undefined;
  const { node, pair } = found;
  const path = [...basePath, ...rel];
  const schema = error.parentSchema as JsonSchema | undefined;
  const wrongType = (allowed: string): Problem => ({
    target: valueTarget(node, pair),
    code: 'wrong-type',
    severity: 'error',
    message: isEmptyScalar(node) ? `${fieldLabel(path)} has no value; it must be ${allowed}.` : `${fieldLabel(path)} must be ${allowed} (found ${describeData(error.data)}).`,
    emptyValue: isEmptyScalar(node) || undefined,
  });
  switch (error.keyword) {
    case 'required': {
      const field = String(error.params.missingProperty);
      const missing = { subject: capitalize(describeObject(path, node)), fields: [`\`${field}\`${describeField(schema, field)}`] };
      const problem: Problem = {
        target: objectTarget(node, pair),
        code: 'missing-field',
        severity: 'error',
        message: missingMessage(missing),
        fix: { kind: 'add-fields', map: node, fields: [field] },
      };
      MISSING.set(problem, missing);
      return problem;
    }
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      // A key still missing its `:` (being typed) counts too: the problem belongs on it, not on the whole mapping.
      let keyPair: PairNode | undefined;
      if (node.kind === 'map') for (const p of node.pairs) if (String(p.key.value) === key) keyPair = p;
      const allowed = Object.keys(schema?.properties ?? {});
      const present = node.kind === 'map' ? new Set(node.pairs.map((p) => String(p.key.value))) : new Set<string>();
      const candidates = allowed.filter((a) => !present.has(a));
      const guesses = suggest(key, candidates);
      const hint = guesses.length ? ` Did you mean ${orList(guesses)}?` : '';
      return {
        target: keyPair ? keyPair.key : valueTarget(node, pair),
        code: 'unknown-field',
        severity: 'error',
        message: `Unknown field \`${key}\` in ${describeObject(path, node)}.${hint} Allowed fields: ${allowed.join(', ')}.`,
        fix: guesses.length ? { kind: 'replace', with: guesses } : undefined,
      };
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const found = displayValue(error.data);
      const guesses = typeof error.data === 'string' ? suggest(error.data, allowed) : [];
      const hint = guesses.length ? ` Did you mean ${orList(guesses)}?` : '';
      return {
        target: valueTarget(node, pair),
        code: 'invalid-value',
        severity: 'error',
        message: `${fieldLabel(path)} must be one of: ${allowed.join(', ')} (found ${found}).${hint}`,
        fix: guesses.length ? { kind: 'replace', with: guesses } : undefined,
      };
    }
    case 'type':
      return wrongType(expected(schema));
    case 'anyOf-type':
      return wrongType(joinOr((error.params.branches as JsonSchema[]).map(branchName)));
    case 'pattern':
      return {
        target: valueTarget(node, pair),
        code: 'invalid-value',
        severity: 'error',
        message: `${fieldLabel(path)} ${schema?.patternMessage ?? `must match the pattern ${error.params.pattern}`} (found ${displayValue(error.data)}).`,
      };
    case 'minLength':
      return {
        target: valueTarget(node, pair),
        code: 'invalid-value',
        severity: 'error',
        message: Number(error.params.limit) === 1 ? `${fieldLabel(path)} must not be empty.` : `${fieldLabel(path)} must have at least ${error.params.limit} characters.`,
      };
    case 'maxLength':
      return {
        target: valueTarget(node, pair),
        code: 'invalid-value',
        severity: 'error',
        message: `${fieldLabel(path)} must have at most ${error.params.limit} characters (found ${String(error.data).length}).`,
      };
    case 'format':
      return {
        target: valueTarget(node, pair),
        code: 'invalid-value',
        severity: 'error',
        message: `${fieldLabel(path)} must be ${formatName(String(error.params.format))} (found ${displayValue(error.data)}).`,
      };
    default:
      return {
        target: valueTarget(node, pair),
        code: 'invalid-value',
        severity: 'error',
        message: `${fieldLabel(path)} ${error.message ?? 'is not valid'}.`,
      };
  }
}

/**
 * An unknown key that is a near miss of a missing required key (`nmae:` where `name:` is
 * required) is one mistake: keep the unknown-key problem, which suggests the fix.
 */
function mergeNearMisses(problems: Problem[]): Problem[] {
  const unknown = problems.filter((p) => p.code === 'unknown-field' && p.fix?.kind === 'replace');
  if (!unknown.length) return problems;
  return problems.filter((p) => {
    if (p.code !== 'missing-field' || p.fix?.kind !== 'add-fields') return true;
    const fields = p.fix.fields;
    const map = p.fix.map;
    return !unknown.some((u) => u.fix?.kind === 'replace' && u.fix.with.some((w) => fields.includes(w)) && (u.target as PairNode['key']).parent?.parent === map);
  });
}

/** What a missing-field problem says, kept so that the fields one mapping lacks can be said together. */
interface Missing {
  subject: string;
  /** Each field with its description. */
  fields: string[];
}

const MISSING = new WeakMap<Problem, Missing>();

function missingMessage({ subject, fields }: Missing): string {
  const list = fields.length === 1 ? fields[0] : `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}`;
  return `${subject} is missing the required field${fields.length === 1 ? '' : 's'} ${list}.`;
}

/** The required fields a mapping lacks are one problem ("missing `name` and `algorithm`") with one quick fix adding them all. */
function mergeMissingFields(problems: Problem[]): Problem[] {
  const byMap = new Map<YamlNode, { problem: Problem; missing: Missing }>();
  const out: Problem[] = [];
  for (const p of problems) {
    const missing = MISSING.get(p);
    if (!missing || p.fix?.kind !== 'add-fields') {
      out.push(p);
      continue;
    }
    const first = byMap.get(p.fix.map);
    if (!first) {
      byMap.set(p.fix.map, { problem: p, missing });
      out.push(p);
    } else if (first.problem.fix?.kind === 'add-fields') {
      first.problem.fix.fields.push(...p.fix.fields);
      first.missing.fields.push(...missing.fields);
      first.problem.message = missingMessage(first.missing);
    }
  }
  return out;
}

// ---------------------------------------------------------------- targets

/** The node's value, or its key when the value was left empty. */
function valueTarget(node: YamlNode, pair: PairNode | undefined): Target {
  if (isEmptyScalar(node) && pair) return pair.key;
  if (isEmptyScalar(node) && node.parent?.kind === 'seq') {
    // The `-` before the empty item. Read from the node when asked: problems are cached with their
    // feature, and an edit above it moves the node.
    return {
      get start() {
        return node.start - 1;
      },
      get end() {
        return node.start;
      },
    };
  }
  return node;
}

/** Where to report a missing field of an object: the key that holds it, else its first key. */
function objectTarget(node: YamlNode, pair: PairNode | undefined): Target {
  if (pair) return pair.key;
  if (node.kind === 'map' && node.pairs.length) return node.pairs[0].key;
  return node;
}

// ---------------------------------------------------------------- words

/** "`dataType`", or "item 2 of `tags`". */
function fieldLabel(path: readonly PathSegment[]): string {
  if (!path.length) return 'The model';
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const parent = path[path.length - 2];
    return `Item ${last + 1} of \`${String(parent ?? 'the list')}\``;
  }
  return `\`${last}\``;
}

/** "the model", "feature `sales`", "source `gross_sales` of feature `sales`", "`mlStore`". */
function describeObject(path: readonly PathSegment[], node: YamlNode): string {
  if (!path.length) return 'the model';
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const name = stringValue(node.kind === 'map' ? getPair(node, 'name')?.value : undefined);
  // Unnamed objects are "this feature", never "feature #3": results are cached per feature and
  // must stay true when features before it are added or removed.
  const named = (noun: string) => (name ? `${noun} \`${name}\`` : `this ${noun}`);
  if (typeof last === 'number') {
    if (parent === 'mlFeatures') return named('feature');
    if (parent === 'featureSources') {
      const feature = node.parent?.parent?.kind === 'pair' ? node.parent.parent.parent : undefined;
      const featureName = feature ? stringValue(getPair(feature as MapNode, 'name')?.value) : undefined;
      return named('source') + (featureName ? ` of feature \`${featureName}\`` : '');
    }
    if (parent === 'mlHyperParameters') return named('hyperparameter');
    if (parent === 'owners') return `owner #${last + 1}`;
    if (parent === 'tags') return `tag #${last + 1}`;
    return `item ${last + 1} of \`${String(parent)}\``;
  }
  return `\`${last}\``;
}

function describeField(schema: JsonSchema | undefined, field: string): string {
  const description = resolveRef(schema?.properties?.[field])?.description ?? schema?.properties?.[field]?.description;
  if (!description) return '';
  // The first sentence ("e.g." does not end one).
  const first = description.split(/(?<=\.)\s+(?=[A-Z])/)[0].replace(/\.$/, '');
  return ` (${first.charAt(0).toLowerCase()}${first.slice(1)})`;
}

function expected(schema: JsonSchema | undefined): string {
  const types = schema ? typeList(schema) : [];
  const words = types.map((t) => {
    switch (t) {
      case 'string':
        return 'text';
      case 'number':
      case 'integer':
        return 'a number';
      case 'boolean':
        return 'true/false';
      case 'array':
        return 'a list';
      case 'object': {
        const props = Object.keys(schema?.properties ?? {});
        return props.length ? `a mapping (${props.join(', ')})` : 'a mapping';
      }
      default:
        return t;
    }
  });
  return joinOr(words.length ? words : ['a value']);
}

function branchName(branch: JsonSchema): string {
  const resolved = resolveRef(branch);
  if (branch.title) return branch.title;
  if (resolved?.title) return resolved.title;
  return expected(resolved);
}

function joinOr(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function describeData(v: unknown): string {
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `text ${displayValue(v)}`;
  if (typeof v === 'boolean') return `\`${v}\``;
  return `the number ${v}`;
}

function displayValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return `\`${s.length > 60 ? s.slice(0, 57) + '…' : s}\``;
}

function formatName(format: string): string {
  switch (format) {
    case 'uri':
    case 'url':
      return 'a URL such as `https://example.com/path`';
    case 'uuid':
      return 'a UUID such as `0b3b3f5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b`';
    default:
      return `a valid ${format}`;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
