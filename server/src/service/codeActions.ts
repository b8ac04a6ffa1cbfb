// Code actions for the service's own diagnostics. Quick fixes: replace with a suggestion, remove
// an unknown field, add a missing field, acknowledge sensitive data with a `# mlmodel-ignore`
// comment. And Fix all (`source.fixAll.mlmodel`, what `editor.codeActionsOnSave` runs), which
// applies only the unambiguous fixes: see UNAMBIGUOUS.

import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticCode } from '../shared/settings';
import type { ModelDocument } from './document';
import type { DiagnosticData } from './diagnostics';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { IGNORE_DIRECTIVE } from './ignoreComments';
import type { MapNode, PairNode, YamlNode } from './yaml/ast';
import { getValue, nodeAtOffset, stringValue } from './yaml/query';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.${DIAGNOSTIC_SOURCE}`;

/**
 * The problems whose replacement Fix all applies, when it is the only one suggested: a key renamed
 * (its value kept), an enum value corrected, a source `dataType` set to its column's type. Not a
 * catalog reference (unknown table, column, tag, …): the closest name is a guess about which data
 * the model is built on, and a publish would draw lineage from it. Never a removal (a save must
 * not delete what was written), a missing field (its value is the author's to write) or an
 * acknowledgement (it needs a reason).
 */
const UNAMBIGUOUS: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['unknown-field', 'invalid-value', 'datatype-mismatch']);

/**
 * Whether a request's `only` asks for actions of `kind`. Without `only` (the light bulb), quick
 * fixes only: source actions are for the Source Action menu and on-save.
 */
export function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return !kind.startsWith(CodeActionKind.Source);
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function quickFixes(document: TextDocument, model: ModelDocument, diagnostics: readonly Diagnostic[], snippets = false): CodeAction[] {
  const actions: CodeAction[] = [];
  const quickFix = (title: string, diagnostic: Diagnostic, edit: WorkspaceEdit, isPreferred = false): CodeAction => ({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit });
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    if (data && 'replace' in data) {
      data.replace.forEach((replacement, i) => {
        actions.push(quickFix(`Change to \`${replacement}\``, diagnostic, { changes: { [document.uri]: [{ range: diagnostic.range, newText: replacement }] } }, i === 0 && data.replace.length === 1));
      });
    } else if (data && 'addFields' in data) {
      const edit = addFieldsEdit(document, model, data.mapStart, data.addFields);
      if (edit) {
        const title = data.addFields.length === 1 ? `Add the missing field \`${data.addFields[0]}\`` : `Add the missing fields ${data.addFields.map((f) => `\`${f}\``).join(', ')}`;
        actions.push(quickFix(title, diagnostic, { changes: { [document.uri]: [edit] } }, true));
      }
    }
    if (diagnostic.code === 'unknown-field') {
      const pair = pairOfKey(model, document.offsetAt(diagnostic.range.start));
      const edit = pair && removePairEdit(document, model.yaml.text, pair);
      // Preferred when nothing close was found: removing is then the fix.
      if (edit) actions.push(quickFix(`Remove field \`${String(pair.key.value)}\``, diagnostic, { changes: { [document.uri]: [edit] } }, !(data && 'replace' in data)));
    }
    if (diagnostic.code === 'sensitive-data') {
      const action = acknowledge(document, model, diagnostic, snippets);
      if (action) actions.push(action);
    }
  }
  return actions;
}

/** Every unambiguous fix (see UNAMBIGUOUS) of `diagnostics` in one edit; undefined when there is none. */
export function fixAll(document: TextDocument, diagnostics: readonly Diagnostic[]): CodeAction | undefined {
  const edits: TextEdit[] = [];
  for (const d of diagnostics) {
    const data = d.data as DiagnosticData | undefined;
    if (d.source !== DIAGNOSTIC_SOURCE || !data || !('replace' in data) || data.replace.length !== 1) continue;
    if (!data.proposedBy.every((code) => UNAMBIGUOUS.has(code))) continue;
    edits.push({ range: d.range, newText: data.replace[0] });
  }
  // One diagnostic per range, but keep any two edits from overlapping all the same.
  edits.sort((a, b) => document.offsetAt(a.range.start) - document.offsetAt(b.range.start));
  const kept = edits.filter((e, i) => i === 0 || document.offsetAt(e.range.start) >= document.offsetAt(edits[i - 1].range.end));
  if (!kept.length) return undefined;
  return {
    title: `Fix all: ${kept.length} unambiguous ${kept.length === 1 ? 'fix' : 'fixes'}`,
    kind: FIX_ALL_KIND,
    edit: { changes: { [document.uri]: kept } },
  };
}

/** The pair whose key starts at `offset`. */
function pairOfKey(model: ModelDocument, offset: number): PairNode | undefined {
  const root = model.yaml.root;
  if (!root) return undefined;
  const node = nodeAtOffset(root, offset);
  const pair = node.kind === 'scalar' && node.parent?.kind === 'pair' ? node.parent : undefined;
  return pair && pair.key === node && pair.colon >= 0 ? pair : undefined;
}

/**
 * Deletes a pair with its value and nested block, leaving the rest valid: its whole lines in a
 * block mapping; the text up to the next key when it is the first key of a list item (`- bad: 1`
 * then `  name: f` becomes `- name: f`); the pair and a comma in a flow mapping.
 */
function removePairEdit(document: TextDocument, text: string, pair: PairNode): TextEdit | undefined {
  const map = pair.parent;
  const i = map.pairs.indexOf(pair);
  const next = map.pairs[i + 1];
  const prev = map.pairs[i - 1];
  const edit = (start: number, end: number, newText = ''): TextEdit => ({ range: { start: document.positionAt(start), end: document.positionAt(end) }, newText });
  if (map.flow) {
    if (next) return edit(pair.start, next.start);
    if (prev) return edit(prev.end, pair.end);
    return edit(pair.start, pair.end);
  }
  const lineStart = text.lastIndexOf('\n', pair.start - 1) + 1;
  const before = text.slice(lineStart, pair.start);
  if (before.trim() !== '') {
    // The first key of a list item, after its `- `.
    if (!/^\s*(-\s+)+$/.test(before)) return undefined;
    if (next) return edit(pair.start, next.start);
    return edit(pair.start, lineEnd(text, pair.end), '{}');
  }
  const end = lineEnd(text, pair.end);
  return edit(lineStart, end < text.length ? end + 1 : end);
}

/** The end of the line `offset` is on (the offset of its line break, or of the text's end). */
function lineEnd(text: string, offset: number): number {
  // A block value may end at the start of the next line: its content ended on the line before.
  const at = offset > 0 && text[offset - 1] === '\n' ? offset - 1 : offset;
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/**
 * Inserts `# mlmodel-ignore sensitive-data: reason` above the feature source (or feature) the
 * warning is in, with `reason` selected when the client takes snippets; otherwise with no reason,
 * which is itself a warning until one is written.
 */
function acknowledge(document: TextDocument, model: ModelDocument, diagnostic: Diagnostic, snippets: boolean): CodeAction | undefined {
  const root = model.yaml.root;
  if (!root) return undefined;
  const item = enclosingItem(nodeAtOffset(root, document.offsetAt(diagnostic.range.start)));
  if (!item) return undefined;
  const text = model.yaml.text;
  const lineStart = text.lastIndexOf('\n', item.node.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const at = document.positionAt(lineStart);
  const range = { start: at, end: at };
  const comment = `${indent}# ${IGNORE_DIRECTIVE} ${diagnostic.code}: `;
  const name = stringValue(getValue(item.node, 'name'));
  const edit: WorkspaceEdit = snippets
    ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: [{ range, snippet: { kind: 'snippet', value: `${escapeSnippet(comment)}\${1:reason}\n` } }] }] }
    : { changes: { [document.uri]: [{ range, newText: `${comment}\n` }] } };
  return {
    title: `Acknowledge sensitive data in ${item.what}${name ? ` \`${name}\`` : ''} (# ${IGNORE_DIRECTIVE} comment)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit,
  };
}

/** The feature source, else the feature, a node is in. */
function enclosingItem(node: YamlNode | PairNode): { node: MapNode; what: string } | undefined {
  let feature: MapNode | undefined;
  for (let at: YamlNode | PairNode | null = node; at; at = at.parent) {
    if (at.kind !== 'map' || at.parent?.kind !== 'seq') continue;
    const list = at.parent.parent;
    const key = list?.kind === 'pair' ? list.key.value : undefined;
    if (key === 'featureSources') return { node: at, what: 'source' };
    if (key === 'mlFeatures') feature ??= at;
  }
  return feature && { node: feature, what: 'feature' };
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/** New `field: ` lines after the last entry of the mapping that starts at `mapStart`. */
function addFieldsEdit(document: TextDocument, model: ModelDocument, mapStart: number, fields: string[]) {
  const text = model.yaml.text;
  const root = model.yaml.root;
  let map = root?.kind === 'map' && root.start === mapStart ? root : undefined;
  if (!map && root) {
    const node = nodeAtOffset(root, mapStart);
    const candidate = node.kind === 'pair' ? node.parent : node.kind === 'scalar' && node.parent?.kind === 'pair' ? node.parent.parent : undefined;
    if (candidate?.start === mapStart) map = candidate;
  }
  if (!map) {
    // An empty document: start the model.
    if (root) return undefined;
    return { range: { start: document.positionAt(text.length), end: document.positionAt(text.length) }, newText: fields.map((f) => `${f}: \n`).join('') };
  }
  if (map.flow) return undefined;
  const last = map.pairs[map.pairs.length - 1];
  const at = last ? last.end : map.start;
  const pad = ' '.repeat(map.column);
  return {
    range: { start: document.positionAt(at), end: document.positionAt(at) },
    newText: fields.map((f) => `\n${pad}${f}: `).join(''),
  };
}
