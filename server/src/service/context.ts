// Where the cursor is, in terms of the model: which mapping a key typed here belongs to, or which
// field a value typed here is for. Completion and hover start from this. It reads the current
// line's text and the tree around it, so it works on half-typed lines the tree cannot hold yet.

import type { MapNode, SeqNode, YamlNode } from './yaml/ast';
import { dashOf, isEmptyScalar } from './yaml/ast';
import type { PathSegment } from './yaml/query';

export type CursorContext =
  | {
      kind: 'key';
      /** Path of the mapping the key belongs to. */
      path: PathSegment[];
      /** The mapping, when it exists already. */
      map: MapNode | undefined;
      /** Column where the key starts. */
      column: number;
      /** Range of the partial key to replace. */
      replaceStart: number;
      replaceEnd: number;
      /** A `:` already follows the key: complete the name only. */
      keyOnly: boolean;
      /** The key starts a new list item (`- ` typed on this line, nothing else in the item). */
      newItem: boolean;
    }
  | {
      kind: 'value';
      /** Path of the value being typed. */
      path: PathSegment[];
      /** Range of the partial value to replace. */
      replaceStart: number;
      replaceEnd: number;
      /** The partial value typed so far (without quotes). */
      prefix: string;
      /** Column of the key owning the value (or of the list item). */
      column: number;
    }
  | {
      kind: 'item';
      /** Path of a list whose next item would start on this blank line, at the list's column. */
      path: PathSegment[];
      column: number;
      replaceStart: number;
      replaceEnd: number;
    };

// `s`: the rest of a line may hold U+2028 or U+2029, which `.` would not match.
const LINE = /^( *)((?:- +)*)(.*)$/s;

export function cursorContext(text: string, root: YamlNode | null, offset: number): CursorContext | undefined {
  // Lines end at LF, CRLF or a lone CR, as for the editor and the parser.
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  let lineEnd = offset;
  while (lineEnd < text.length && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);
  if (/(^|\s)#/.test(before) && !/["']/.test(before)) return undefined;
  const m = LINE.exec(before)!;
  const indent = m[1].length;
  const dashes = m[2];
  const rest = m[3];
  const column = indent + dashes.length;
  const lastDash = dashes ? indent + dashes.trimEnd().lastIndexOf('-') : -1;

  const keyMatch = /^([^\s:#"'[\]{},&*!|>%@`-][^:#]*?|)$/.exec(rest);
  if (keyMatch) {
    const wordAfter = /^[^\s:#]*/.exec(after)![0];
    const keyOnly = /^[^\s:#]*\s*:(\s|$)/.test(after);
    if (!rest && !dashes && !wordAfter) {
      // A blank line: what the indentation says.
      const owner = containerAt(root, lineStart, indent);
      if (!owner) return undefined;
      if (owner.node?.kind === 'seq') return { kind: 'item', path: owner.path, column: indent, replaceStart: offset, replaceEnd: offset };
      return { kind: 'key', path: owner.path, map: owner.node, column: indent, replaceStart: offset, replaceEnd: offset, keyOnly: false, newItem: false };
    }
    if (dashes) {
      const seq = containerAt(root, lineStart, lastDash);
      if (!seq || (seq.node && seq.node.kind !== 'seq')) return undefined;
      const items = seq.node?.kind === 'seq' ? seq.node : undefined;
      const index = items ? itemIndexAt(items, lineStart + lastDash) : -1;
      const item = index >= 0 ? items!.items[index] : undefined;
      const map = item?.kind === 'map' ? item : undefined;
      const onlyThisKey = !map || map.pairs.length <= 1;
      return {
        kind: 'key',
        path: [...seq.path, index >= 0 ? index : (items?.items.length ?? 0)],
        map,
        column,
        replaceStart: lineStart + column,
        replaceEnd: offset + wordAfter.length,
        keyOnly,
        newItem: onlyThisKey && !keyOnly,
      };
    }
    const owner = containerAt(root, lineStart, indent);
    if (!owner || owner.node?.kind === 'seq') return undefined;
    return { kind: 'key', path: owner.path, map: owner.node, column, replaceStart: lineStart + column, replaceEnd: offset + wordAfter.length, keyOnly, newItem: false };
  }

  const valueMatch = /^("[^"]*"|'[^']*'|[^\s:#"'][^:#]*?)\s*:\s+(.*)$/.exec(rest);
  if (valueMatch) {
    const key = valueMatch[1].replace(/^["']|["']$/g, '');
    const typed = valueMatch[2];
    let owner: { path: PathSegment[] } | undefined;
    if (dashes) {
      const seq = containerAt(root, lineStart, lastDash);
      if (!seq) return undefined;
      const items = seq.node?.kind === 'seq' ? seq.node : undefined;
      const index = items ? itemIndexAt(items, lineStart + lastDash) : -1;
      owner = { path: [...seq.path, index >= 0 ? index : (items?.items.length ?? 0)] };
    } else {
      const found = containerAt(root, lineStart, indent);
      if (!found || found.node?.kind === 'seq') return undefined;
      owner = found;
    }
    return valueContext([...owner.path, key], typed, offset, after, column);
  }

  // `- partial` in a list of values (tags, dataProducts).
  if (dashes && /^[^:#]*$/.test(rest)) {
    const seq = containerAt(root, lineStart, lastDash);
    if (!seq || (seq.node && seq.node.kind !== 'seq')) return undefined;
    const items = seq.node?.kind === 'seq' ? seq.node : undefined;
    const index = items ? itemIndexAt(items, lineStart + lastDash) : -1;
    return valueContext([...seq.path, index >= 0 ? index : (items?.items.length ?? 0)], rest, offset, after, column);
  }
  return undefined;
}

function valueContext(path: PathSegment[], typed: string, offset: number, after: string, column: number): CursorContext {
  const quote = typed.startsWith('"') || typed.startsWith("'") ? typed[0] : '';
  const prefix = quote ? typed.slice(1) : typed;
  const tail = /^[^\s#]*/.exec(after)![0];
  return { kind: 'value', path, replaceStart: offset - typed.length, replaceEnd: offset + tail.length, prefix, column };
}

/** Index of the item whose `-` is at `dashOffset`, or -1. */
function itemIndexAt(seq: SeqNode, dashOffset: number): number {
  for (let i = seq.items.length - 1; i >= 0; i--) if (dashOf(seq, i) === dashOffset) return i;
  return -1;
}

/**
 * The block collection a line starting at column `col` (at offset `lineStart`) belongs to: a
 * mapping or list at that column, or — `node` undefined — the empty value of a key above it that
 * the line starts to fill in.
 */
function containerAt(root: YamlNode | null, lineStart: number, col: number): { node: MapNode | SeqNode | undefined; path: PathSegment[] } | undefined {
  if (!root || (root.kind === 'scalar' && isEmptyScalar(root))) return col === 0 ? { node: undefined, path: [] } : undefined;
  // The first key being typed in a new file (`na`) parses as a document that is one scalar: it is
  // the root mapping's first key, not a value.
  if (root.kind === 'scalar' && root.start >= lineStart) return col === 0 ? { node: undefined, path: [] } : undefined;
  // Collections may start on this very line, before the column (`- key:` starts a list and a mapping).
  const at = lineStart + col;
  let node: YamlNode = root;
  const path: PathSegment[] = [];
  for (;;) {
    if (node.kind === 'map' && !node.flow) {
      if (node.column === col) return { node, path };
      if (node.column > col) return undefined;
      const pair = lastStartingBefore(node.pairs, at);
      if (!pair || pair.colon < 0) return undefined;
      const v = pair.value;
      const key = String(pair.key.value);
      if ((v.kind === 'map' || v.kind === 'seq') && !v.flow && v.start <= at && v.column <= col) {
        path.push(key);
        node = v;
        continue;
      }
      // The key's value is still empty: the line starts writing it.
      if (isEmptyScalar(v) && col > node.column) return { node: undefined, path: [...path, key] };
      return undefined;
    }
    if (node.kind === 'seq' && !node.flow) {
      if (node.column === col) return { node, path };
      if (col < node.column) return undefined;
      let i = -1;
      for (let k = node.items.length - 1; k >= 0; k--) {
        if (dashOf(node, k) < at) {
          i = k;
          break;
        }
      }
      if (i < 0) return undefined;
      const item: YamlNode = node.items[i];
      if ((item.kind === 'map' || item.kind === 'seq') && !item.flow && item.column <= col) {
        path.push(i);
        node = item;
        continue;
      }
      if (isEmptyScalar(item)) return { node: undefined, path: [...path, i] };
      return undefined;
    }
    return undefined;
  }
}

function lastStartingBefore<T extends { start: number }>(list: T[], offset: number): T | undefined {
  // Strictly before: the entry starting exactly at `offset` is the one being typed.
  let lo = 0;
  let hi = list.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < offset) {
      found = list[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Keys present in a mapping. */
export function presentKeys(map: MapNode | undefined): Set<string> {
  return new Set(map ? map.pairs.filter((p) => p.colon >= 0).map((p) => String(p.key.value)) : []);
}

