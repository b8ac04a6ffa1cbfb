// Checks against the catalog: references that do not exist (with up to three suggestions), a
// source `dataType` that contradicts its column's type, features built on data carrying a
// sensitive tag, and the server's write rules (./catalogRules.ts). Only what the index knows is checked; what it is still fetching is checked when
// it arrives. When the catalog cannot be reached the file says so once, and keeps what was known.

import type { CatalogColumn, CatalogTable, ListedKind } from './catalog';
import type { CatalogIndex } from './catalogIndex';
import { MAX_FQN_LENGTH } from './fqn';
import { writeRuleProblems } from './catalogRules';
import { sourceTypeOf } from './columnTypes';
import { KIND_NAMES, referencesIn, type Reference } from './references';
import { orList, suggest } from './suggest';
import type { Problem } from './types';
import type { MapNode, PairNode, YamlNode } from './yaml/ast';
import { getPair, getValue, stringValue } from './yaml/query';

export interface CatalogCheckSettings {
  sensitiveTags: readonly string[];
}

export function catalogProblems(root: YamlNode | null, index: CatalogIndex, settings: CatalogCheckSettings): Problem[] {
  if (!root || root.kind !== 'map') return [];
  const problems: Problem[] = [];
  // Said once, however many references there are. What the index already knows is still checked:
  // a passing outage must not hide a sensitive-data warning.
  if (index.state.kind === 'error') {
    problems.push({
      target: root.pairs[0]?.key ?? root,
      code: 'catalog-unavailable',
      severity: 'information',
      message: `Catalog checks are paused: ${index.state.message}`,
    });
  }
  const sensitive = new Set(settings.sensitiveTags);
  const refs = referencesIn(root);
  for (const ref of refs) {
    // A raw reference or full tag label is taken as the server gave it.
    if (ref.raw) continue;
    // Longer than any FQN: the schema already says so; the catalog has nothing to add.
    if (ref.name.length > MAX_FQN_LENGTH || (ref.table?.length ?? 0) > MAX_FQN_LENGTH) continue;
    if (ref.kind === 'table') problems.push(...tableProblems(ref, index, sensitive));
    else if (ref.kind === 'column') problems.push(...columnProblems(ref, index, sensitive));
    else {
      const kind: ListedKind = ref.kind;
      if (index.entity(kind, ref.name).status === 'missing') problems.push(unknown(ref, index.similarEntities(kind, ref.name)));
    }
  }
  problems.push(...writeRuleProblems(root, refs, index));
  return problems;
}

function unknown(ref: Reference, suggestions: string[]): Problem {
  const hint = suggestions.length ? ` Did you mean ${orList(suggestions)}?` : '';
  const { noun, unknown: code } = KIND_NAMES[ref.kind];
  return {
    target: ref.node,
    code,
    severity: ref.kind === 'column' ? 'warning' : 'error',
    message: `Unknown ${noun} \`${ref.name}\`${ref.kind === 'column' && ref.table ? ` in \`${ref.table}\`` : ''}: the catalog has no such ${noun}.${hint}`,
    fix: suggestions.length ? { kind: 'replace', with: suggestions } : undefined,
  };
}

function tableProblems(ref: Reference, index: CatalogIndex, sensitive: Set<string>): Problem[] {
  const found = index.table(ref.name);
  if (found.status === 'missing') return [unknown(ref, index.similarTables(ref.name))];
  if (found.status !== 'found') return [];
  const tag = found.value.tags.find((t) => sensitive.has(t));
  if (!tag) return [];
  return [sensitiveProblem(ref, `table \`${found.value.name}\``, tag)];
}

function columnProblems(ref: Reference, index: CatalogIndex, sensitive: Set<string>): Problem[] {
  if (!ref.table) return [];
  const table = index.table(ref.table);
  if (table.status !== 'found' || !table.value.columns) return [];
  const column = findColumn(table.value, ref.name);
  if (!column) return [unknown(ref, suggestColumns(table.value, ref.name))];
  const problems: Problem[] = [];
  const mismatch = dataTypeMismatch(ref.source!, column);
  if (mismatch) problems.push(mismatch);
  const tag = column.tags.find((t) => sensitive.has(t));
  if (tag) problems.push(sensitiveProblem(ref, `column \`${table.value.name}.${ref.name}\``, tag));
  return problems;
}

/**
 * Whether the catalog has answered for every table (and so column) a feature or source refers to:
 * only then can a `# mlmodel-ignore sensitive-data` comment on it be called unused.
 */
export function sensitivityKnown(item: MapNode, index: CatalogIndex): boolean {
  if (index.state.kind === 'error') return false;
  return referencesIn(rootOf(item)).every((ref) => {
    if (ref.value.start < item.start || ref.value.end > item.end || ref.raw) return true;
    const table = ref.kind === 'table' ? ref.name : ref.kind === 'column' ? ref.table : undefined;
    if (table === undefined) return true;
    const status = index.table(table).status;
    return status === 'found' || status === 'missing';
  });
}

function rootOf(node: YamlNode): YamlNode {
  let at: YamlNode | PairNode = node;
  while (at.parent) at = at.parent;
  return at as YamlNode;
}

function sensitiveProblem(ref: Reference, what: string, tag: string): Problem {
  const feature = stringValue(ref.feature ? getValue(ref.feature, 'name') : undefined);
  return {
    target: ref.node,
    code: 'sensitive-data',
    severity: 'warning',
    message: `${feature ? `Feature \`${feature}\`` : 'This feature'} is built on ${what}, tagged \`${tag}\`: the model uses sensitive data.`,
  };
}

function dataTypeMismatch(source: MapNode, column: CatalogColumn): Problem | undefined {
  const expected = sourceTypeOf(column.dataType);
  const pair = getPair(source, 'dataType');
  const written = stringValue(pair?.value);
  if (!expected || !pair || !written || written === expected) return undefined;
  return {
    target: pair.value,
    code: 'datatype-mismatch',
    severity: 'warning',
    message: `\`dataType\` is \`${written}\`, but column \`${column.name}\` is ${column.dataType}: use \`${expected}\`.`,
    fix: { kind: 'replace', with: [expected] },
  };
}

/** A column by name; `parent.child` reaches nested columns. */
export function findColumn(table: CatalogTable, name: string): CatalogColumn | undefined {
  const direct = table.columns?.find((c) => c.name === name);
  if (direct) return direct;
  let columns = table.columns;
  let found: CatalogColumn | undefined;
  for (const part of name.split('.')) {
    found = columns?.find((c) => c.name === part);
    if (!found) return undefined;
    columns = found.children;
  }
  return found;
}

/** Every column, nested ones as `parent.child`. */
export function allColumns(table: CatalogTable): Array<{ path: string; column: CatalogColumn }> {
  const out: Array<{ path: string; column: CatalogColumn }> = [];
  const walk = (cols: CatalogColumn[] | undefined, prefix: string) => {
    for (const c of cols ?? []) {
      out.push({ path: prefix + c.name, column: c });
      walk(c.children, `${prefix}${c.name}.`);
    }
  };
  walk(table.columns, '');
  return out;
}

function suggestColumns(table: CatalogTable, name: string): string[] {
  return suggest(name, allColumns(table).map((c) => c.path));
}

