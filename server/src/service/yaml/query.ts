// Finding nodes by offset and by path.

import type { MapNode, PairNode, SeqNode, YamlNode } from './ast';

export type PathSegment = string | number;

/** The value of `key` in a map (the last one, as duplicate keys resolve), or undefined. */
export function getPair(map: MapNode, key: string): PairNode | undefined {
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const pair = map.pairs[i];
    if (pair.key.value === key && pair.colon >= 0) return pair;
  }
  return undefined;
}

export function getValue(node: YamlNode | null | undefined, key: string): YamlNode | undefined {
  if (!node || node.kind !== 'map') return undefined;
  return getPair(node, key)?.value;
}

/** The string value of a scalar, or undefined for anything else. */
export function stringValue(node: YamlNode | null | undefined): string | undefined {
  return node && node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** Follow a JSON-pointer-like path; aliases are followed. */
export function nodeAtPath(root: YamlNode, path: readonly PathSegment[]): { node: YamlNode; pair?: PairNode } | undefined {
  let node: YamlNode = root;
  let pair: PairNode | undefined;
  for (const seg of path) {
    while (node.kind === 'alias' && node.target) node = node.target;
    if (node.kind === 'map') {
      pair = getPair(node, String(seg));
      if (!pair) return undefined;
      node = pair.value;
    } else if (node.kind === 'seq' && typeof seg === 'number' || (node.kind === 'seq' && /^\d+$/.test(String(seg)))) {
      const item: YamlNode | undefined = (node as SeqNode).items[Number(seg)];
      if (!item) return undefined;
      node = item;
      pair = undefined;
    } else {
      return undefined;
    }
  }
  return { node, pair };
}

/** The path from the root to `node` (keys of maps, indexes of sequences). */
export function pathOf(node: YamlNode | PairNode): PathSegment[] {
  const path: PathSegment[] = [];
  let cur: YamlNode | PairNode | null = node;
  while (cur) {
    const parent: YamlNode | PairNode | null = cur.parent;
    if (!parent) break;
    if (parent.kind === 'pair') {
      if (parent.value === cur) path.push(String(parent.key.value));
      cur = parent.parent;
      continue;
    }
    if (parent.kind === 'seq') path.push(parent.items.indexOf(cur as YamlNode));
    cur = parent;
  }
  return path.reverse();
}

/**
 * The innermost node (or pair) whose range contains `offset` (ends inclusive, so a cursor right
 * after a value still finds it). Binary search at every level keeps this O(depth · log n).
 */
export function nodeAtOffset(root: YamlNode, offset: number): YamlNode | PairNode {
  let node: YamlNode | PairNode = root;
  for (;;) {
    if (node.kind === 'pair') {
      if (offset <= node.key.end && offset >= node.key.start) return node.key;
      if (node.value.start <= offset && offset <= node.value.end && node.value.end > node.value.start) {
        node = node.value;
        continue;
      }
      return node;
    }
    if (node.kind === 'map') {
      const child: PairNode | undefined = findChild(node.pairs, offset);
      if (!child) return node;
      node = child;
      continue;
    }
    if (node.kind === 'seq') {
      const child: YamlNode | undefined = findChild(node.items, offset);
      if (!child) return node;
      node = child;
      continue;
    }
    return node;
  }
}

function findChild<T extends { start: number; end: number }>(list: T[], offset: number): T | undefined {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) return undefined;
  const item = list[found];
  return offset <= item.end ? item : undefined;
}
