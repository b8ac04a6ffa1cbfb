// Acknowledging a warning in the file, like ESLint's disable comments:
//
//   mlFeatures:
//     - name: email_domain   # mlmodel-ignore sensitive-data: consented marketing use
//       featureSources:
//         # mlmodel-ignore sensitive-data: hashed before training
//         - name: email
//
// A comment covers the feature or feature source that starts on its line, or on the first content
// line below it when the comment is on a line of its own. Only `sensitive-data` can be
// acknowledged: it is a judgement about the data, which the author can make; every other check is
// about the file being right (turn one down with `mlmodel.diagnostics.severity` instead). A comment
// without a reason still acknowledges (the author has looked), but is itself a warning: say why.
// A comment that acknowledges nothing is a hint, once the catalog has answered for what it covers
// (without a catalog nothing is flagged sensitive, and nothing can be called unused).

import type { Problem } from './types';
import type { MapNode, YamlNode } from './yaml/ast';
import { getValue, nodeAtOffset } from './yaml/query';

export const IGNORE_DIRECTIVE = 'mlmodel-ignore';
/** The checks a comment may acknowledge. */
export const IGNORABLE = ['sensitive-data'] as const;

export interface IgnoreComment {
  /** From the `#` to the end of the comment. */
  start: number;
  end: number;
  codes: string[];
  /** The text after `:`, trimmed; empty when none was given. */
  reason: string;
  /** The feature or source it covers, if any. */
  covers?: MapNode;
}

/** An acknowledged problem and the comment that acknowledges it. */
export interface Suppressed {
  problem: Problem;
  comment: IgnoreComment;
}

const DIRECTIVE = /#[ \t]*mlmodel-ignore(?![\w-])[ \t]*([^\r\n]*)/g;

/** The `# mlmodel-ignore …` comments of a document (not text inside a value that looks like one). */
export function readIgnoreComments(text: string, root: YamlNode | null): IgnoreComment[] {
  if (!text.includes(IGNORE_DIRECTIVE)) return [];
  const items = root ? coverableItems(root) : [];
  const comments: IgnoreComment[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    const start = m.index!;
    // A comment starts a line or follows whitespace, and is not inside a scalar (`"a # mlmodel-ignore"`).
    if (start > 0 && !/[ \t\r\n]/.test(text[start - 1])) continue;
    if (root && insideScalar(root, start)) continue;
    const rest = m[1].trimEnd();
    const colon = rest.indexOf(':');
    const names = colon < 0 ? rest : rest.slice(0, colon);
    const codes = names.split(/[\s,]+/).filter(Boolean);
    const reason = colon < 0 ? '' : rest.slice(colon + 1).trim();
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const ownLine = text.slice(lineStart, start).trim() === '';
    const coveredLine = ownLine ? nextContentLine(text, start) : lineStart;
    comments.push({ start, end: start + m[0].trimEnd().length, codes, reason, covers: coveredLine === undefined ? undefined : innermostStartingOn(items, text, coveredLine) });
  }
  return comments;
}

/**
 * Splits `problems` into those still shown (plus what the comments themselves deserve) and those
 * the comments acknowledge. `settled(item)`: whether the catalog has answered for every reference
 * in `item`, so that a comment covering it and acknowledging nothing is really unused.
 */
export function applyIgnoreComments(problems: readonly Problem[], comments: readonly IgnoreComment[], settled: (item: MapNode) => boolean): { shown: Problem[]; suppressed: Suppressed[] } {
  if (!comments.length) return { shown: [...problems], suppressed: [] };
  const shown: Problem[] = [];
  const suppressed: Suppressed[] = [];
  const used = new Set<IgnoreComment>();
  for (const problem of problems) {
    const comment = comments.find((c) => c.covers && c.codes.includes(problem.code) && isIgnorable(problem.code) && c.covers.start <= problem.target.start && problem.target.end <= c.covers.end);
    if (comment) {
      suppressed.push({ problem, comment });
      used.add(comment);
    } else shown.push(problem);
  }
  const target = (c: IgnoreComment) => ({ start: c.start, end: c.end });
  for (const c of comments) {
    const bad = c.codes.filter((code) => !isIgnorable(code));
    if (!c.codes.length) {
      shown.push({ target: target(c), code: 'ignore-comment', severity: 'warning', message: `Name the check to acknowledge and say why: \`# ${IGNORE_DIRECTIVE} sensitive-data: <reason>\`.` });
      continue;
    }
    if (bad.length) {
      shown.push({
        target: target(c),
        code: 'ignore-comment',
        severity: 'warning',
        message: `Only ${IGNORABLE.map((i) => `\`${i}\``).join(', ')} can be acknowledged in the file, not ${bad.map((b) => `\`${b}\``).join(', ')}: fix the problem, or change its severity with \`mlmodel.diagnostics.severity\`.`,
      });
    } else if (!c.reason) {
      shown.push({ target: target(c), code: 'ignore-comment', severity: 'warning', message: `Say why the warning is acknowledged: \`# ${IGNORE_DIRECTIVE} ${c.codes.join(', ')}: <reason>\`.` });
    }
    if (bad.length) continue;
    if (!c.covers) {
      shown.push({ target: target(c), code: 'unused-ignore', severity: 'hint', message: `This comment acknowledges nothing: put it on the first line of a feature or feature source, or on the line above it.` });
    } else if (!used.has(c) && settled(c.covers)) {
      shown.push({ target: target(c), code: 'unused-ignore', severity: 'hint', message: `Nothing here is reported as ${c.codes.map((code) => `\`${code}\``).join(', ')}: the comment can go.` });
    }
  }
  return { shown, suppressed };
}

function isIgnorable(code: string): boolean {
  return (IGNORABLE as readonly string[]).includes(code);
}

/** Features and feature sources (mappings that are items of `mlFeatures` and of a feature's `featureSources`). */
function coverableItems(root: YamlNode): MapNode[] {
  const items: MapNode[] = [];
  const features = getValue(root, 'mlFeatures');
  if (features?.kind !== 'seq') return items;
  for (const feature of features.items) {
    if (feature.kind !== 'map') continue;
    items.push(feature);
    const sources = getValue(feature, 'featureSources');
    if (sources?.kind === 'seq') for (const source of sources.items) if (source.kind === 'map') items.push(source);
  }
  return items;
}

/** The innermost item whose first line starts at `lineStart` (a source, rather than the feature around it). */
function innermostStartingOn(items: MapNode[], text: string, lineStart: number): MapNode | undefined {
  let found: MapNode | undefined;
  for (const item of items) {
    if (text.lastIndexOf('\n', item.start - 1) + 1 !== lineStart) continue;
    if (!found || item.start >= found.start) found = item;
  }
  return found;
}

/** The start of the first line after `offset`'s that is not blank or a comment. */
function nextContentLine(text: string, offset: number): number | undefined {
  let at = text.indexOf('\n', offset);
  while (at >= 0) {
    const start = at + 1;
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end).trim();
    if (line && !line.startsWith('#')) return start;
    at = end;
  }
  return undefined;
}

function insideScalar(root: YamlNode, offset: number): boolean {
  const node = nodeAtOffset(root, offset);
  return node.kind === 'scalar' && node.start < offset && offset < node.end;
}
