// Incremental reparse: after an edit, reparse only the entries of the innermost block collection
// that contains it, until the parser is back on an entry boundary it saw before, then shift the
// offsets of everything after. A 5,000-feature model (2.6 MB) takes a full parse of ~200 ms; an
// edit inside one feature reparses that feature. When the local reparse cannot prove it reaches
// the same boundary (the edit changed the structure around it), the next enclosing collection is
// tried, and finally the whole document. Entries of the two top block levels are chunks
// (./ast.ts): moving one is a single addition, so the cost of an edit does not grow with what follows
// it. test/unit/yaml-incremental.test.ts compares the result with a full parse after thousands of
// random edits.

import { dashOf, MapNode, SeqNode, type PairNode, type YamlDocument, type YamlError, type YamlNode } from './ast';
import { parseEntries, parseYaml } from './parser';
import { detached, lineStartBefore, pushDuplicateKeyErrors } from './scanner';

/** One replacement, in the coordinates of the text before it. */
export interface TextChange {
  offset: number;
  removed: number;
  text: string;
}

interface Level {
  coll: MapNode | SeqNode;
  index: number;
}

/**
 * The document after `change`. `previous` is consumed: its nodes are reused (shifted in place), so
 * it must not be used afterwards. When no local reparse applies, a full parse is done, or with
 * `fallback: false` null is returned (and `previous` is left as it was).
 */
export function reparseYaml(previous: YamlDocument, newText: string, change: TextChange): YamlDocument;
export function reparseYaml(previous: YamlDocument, newText: string, change: TextChange, options: { fallback: false }): YamlDocument | null;
export function reparseYaml(previous: YamlDocument, newText: string, change: TextChange, options?: { fallback: boolean }): YamlDocument | null {
  const fallback = () => (options?.fallback === false ? null : parseYaml(newText));
  if (previous.hasAliases || !previous.root) return fallback();
  const a = change.offset;
  const b = change.offset + change.removed;
  const delta = change.text.length - change.removed;
  // An insertion at an entry's start that begins with a space or line break extends the entry
  // before it; any other edit there belongs to the entry itself.
  const c = change.text.charCodeAt(0);
  const extendsPrevious = a === b && (c === 32 || c === 9 || c === 10 || c === 13);
  const chain = levelsContaining(previous.root, a, b, extendsPrevious);
  for (let k = chain.length - 1; k >= 0; k--) {
    const doc = tryLevel(previous, newText, chain, k, a, b, delta);
    if (doc) return doc;
  }
  return fallback();
}

function entryStarts(coll: MapNode | SeqNode): number[] {
  return coll.kind === 'seq' ? coll.items.map((_, i) => dashOf(coll, i)) : coll.pairs.map((p) => p.start);
}

/** Block collections from the root down whose entry region contains [a, b]. */
function levelsContaining(root: YamlNode, a: number, b: number, extendsPrevious: boolean): Level[] {
  const chain: Level[] = [];
  let node: YamlNode = root;
  for (;;) {
    if ((node.kind !== 'map' && node.kind !== 'seq') || node.flow) break;
    const coll: MapNode | SeqNode = node;
    const count = coll.kind === 'seq' ? coll.items.length : coll.pairs.length;
    const startOf = (i: number) => (coll.kind === 'seq' ? dashOf(coll, i) : coll.pairs[i].start);
    // Entry i owns [start_i, start_{i+1}]; the last one owns [start_last, next].
    let lo = 0;
    let hi = count - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (startOf(mid) <= a) {
        i = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (i > 0 && extendsPrevious && startOf(i) === a) i--;
    if (i < 0) break;
    const regionEnd = i + 1 < count ? startOf(i + 1) : coll.next;
    if (b > regionEnd) break;
    chain.push({ coll, index: i });
    node = coll.kind === 'seq' ? coll.items[i] : coll.pairs[i].value;
  }
  return chain;
}

function tryLevel(previous: YamlDocument, newText: string, chain: Level[], k: number, a: number, b: number, delta: number): YamlDocument | null {
  const { coll, index } = chain[k];
  const starts = entryStarts(coll);
  const from = starts[index];
  // Text after a resync point is unchanged, but its meaning also depends on its column (the parser
  // only stops there after skipping indentation, so equal columns mean equal line prefixes).
  const oldText = previous.text;
  const untouched = (old: number): boolean => {
    const now = old + delta;
    if (old === oldText.length) return now === newText.length;
    return old - lineStartBefore(oldText, old) === now - lineStartBefore(newText, now);
  };
  let resyncIndex = -1;
  const resync = (pos: number): boolean => {
    const old = pos - delta;
    if (old < b || !untouched(old)) return false;
    const j = binarySearch(starts, old);
    if (j <= index) return false;
    resyncIndex = j;
    return true;
  };
  const parsed = parseEntries(newText, coll, from, k, index, resync);
  if (!parsed || parsed.hasAliases) return null;
  const { entries: scratch, resynced } = parsed;
  const oldCount = coll.kind === 'map' ? coll.pairs.length : coll.items.length;
  if (!resynced) {
    // The collection ended: it must end where it did before.
    if (coll.next < b || scratch.next !== coll.next + delta || !untouched(coll.next)) return null;
    resyncIndex = oldCount;
  }
  const oldRegionEnd = resyncIndex < oldCount ? starts[resyncIndex] : coll.next;
  // Errors exactly at the first entry's start were reported by the parent (`key: - x`), not by
  // the entries reparsed here, so they stay.
  const keepBefore = index === 0 ? from + 1 : from;
  // An error that starts before the region but reaches into it can be neither kept nor redone
  // here; nor can a quote or bracket left open before it that looked for its end as far as the edit.
  if (previous.errors.some((e) => e.start < keepBefore && (e.end > from || (e.readTo !== undefined && e.readTo >= a)))) return null;

  // Nothing above may have changed `previous`; from here on it is updated in place.

  // The new nodes outlive this version of the text; the rest of the tree does not refer to it.
  detachStrings(scratch);
  for (const e of parsed.errors) e.message = detached(e.message);

  // Splice the new entries in and shift everything after them.
  if (coll.kind === 'map') {
    const fresh = (scratch as MapNode).pairs;
    for (const pair of fresh) pair.parent = coll;
    coll.pairs.splice(index, resyncIndex - index, ...fresh);
  } else {
    const s = scratch as SeqNode;
    for (const item of s.items) item.parent = coll;
    coll.items.splice(index, resyncIndex - index, ...s.items);
    coll.dashes.splice(index, resyncIndex - index, ...s.dashes);
  }
  const added = coll.kind === 'map' ? (scratch as MapNode).pairs.length : (scratch as SeqNode).items.length;
  shiftEntriesAfter(coll, index + added - 1, k, delta);
  coll.next += delta;
  coll.end = lastEntryEnd(coll);
  coll.rev++;
  for (let up = k - 1; up >= 0; up--) {
    const level = chain[up];
    const anc = level.coll;
    if (anc.kind === 'map') {
      const pair = anc.pairs[level.index];
      pair.end = Math.max(pair.value.end, pair.colon + 1);
    }
    shiftEntriesAfter(anc, level.index, up, delta);
    anc.next += delta;
    anc.end = lastEntryEnd(anc);
    anc.rev++;
  }

  const errors = mergeErrors(previous.errors, parsed.errors, keepBefore, oldRegionEnd, delta, scratch);
  if (coll.kind === 'map') {
    for (let i = errors.length - 1; i >= 0; i--) if (errors[i].owner === coll) errors.splice(i, 1);
    const dup: YamlError[] = [];
    pushDuplicateKeyErrors(coll, dup);
    for (const e of dup) e.message = detached(e.message);
    errors.push(...dup);
    errors.sort((x, y) => x.start - y.start);
  }
  return { text: newText, root: previous.root, errors, hasAliases: false, reparsed: 'incremental' };
}

/**
 * Replace the strings of a freshly parsed subtree by copies (see `detached`): they were cut from
 * this edit's text, which the next edit replaces, while the nodes stay in the tree for as long as
 * no edit touches them. Without this, every keystroke kept its whole text version alive.
 */
function detachStrings(node: YamlNode): void {
  if (node.tag !== undefined) node.tag = detached(node.tag);
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string') node.value = detached(node.value);
    if (node.source !== undefined) node.source = detached(node.source);
  } else if (node.kind === 'map') {
    for (const pair of node.pairs) {
      detachStrings(pair.key);
      detachStrings(pair.value);
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items) detachStrings(item);
  }
}

function mergeErrors(old: YamlError[], fresh: YamlError[], keepBefore: number, oldRegionEnd: number, delta: number, scratch: MapNode | SeqNode): YamlError[] {
  const out: YamlError[] = [];
  for (const e of old) {
    if (e.start < keepBefore) out.push(e);
  }
  // Peeking past the last reparsed entry may report the next line again; the old report stands.
  const newRegionEnd = oldRegionEnd + delta;
  for (const e of fresh) {
    if (e.owner !== scratch && e.start < newRegionEnd) out.push(e);
  }
  for (const e of old) {
    if (e.start >= oldRegionEnd) {
      e.start += delta;
      e.end += delta;
      if (e.readTo !== undefined) e.readTo += delta;
      if (e.related) {
        e.related = { ...e.related, start: e.related.start + (e.related.start >= oldRegionEnd ? delta : 0), end: e.related.end + (e.related.start >= oldRegionEnd ? delta : 0) };
      }
      out.push(e);
    }
  }
  out.sort((x, y) => x.start - y.start);
  return out;
}

function lastEntryEnd(coll: MapNode | SeqNode): number {
  if (coll.kind === 'map') return coll.pairs.length ? coll.pairs[coll.pairs.length - 1].end : coll.start;
  return coll.items.length ? Math.max(coll.items[coll.items.length - 1].end, coll.start + 1) : coll.start + 1;
}

function binarySearch(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid];
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Move the entries of `coll` after entry `last` by `delta`. An entry of block level 0 or 1 is a
 * chunk: one addition moves it (and, for a root entry, the chunks of the entries directly under it);
 * deeper entries are moved node by node.
 */
function shiftEntriesAfter(coll: MapNode | SeqNode, last: number, level: number, delta: number): void {
  if (coll.kind === 'map') {
    for (let i = last + 1; i < coll.pairs.length; i++) {
      const pair = coll.pairs[i];
      if (level <= 1) shiftChunk(pair, pair.value, level, delta);
      else shiftPair(pair, delta);
    }
  } else {
    for (let i = last + 1; i < coll.items.length; i++) {
      const item = coll.items[i];
      if (level <= 1) shiftChunk(item, item, level, delta);
      else {
        shiftNode(item, delta);
        // Stored relative to the item's chunk, which did not move.
        coll.dashes[i] += delta;
      }
    }
  }
}

function shiftChunk(entry: YamlNode | PairNode, value: YamlNode, level: number, delta: number): void {
  entry.chunk.delta += delta;
  if (level !== 0 || (value.kind !== 'map' && value.kind !== 'seq') || value.flow) return;
  // The entries directly under a root entry are chunks of their own.
  if (value.kind === 'map') for (const pair of value.pairs) pair.chunk.delta += delta;
  else for (const item of value.items) item.chunk.delta += delta;
}

function shiftPair(pair: PairNode, delta: number): void {
  pair.start += delta;
  pair.end += delta;
  if (pair.colon >= 0) pair.colon += delta;
  shiftNode(pair.key, delta);
  if (pair.value !== pair.key) shiftNode(pair.value, delta);
}

function shiftNode(node: YamlNode, delta: number): void {
  node.start += delta;
  node.end += delta;
  if (node.kind === 'map') {
    node.next += delta;
    for (const pair of node.pairs) shiftPair(pair, delta);
  } else if (node.kind === 'seq') {
    node.next += delta;
    const dashes = node.dashes;
    for (let i = 0; i < dashes.length; i++) dashes[i] += delta;
    for (const item of node.items) shiftNode(item, delta);
  }
}
