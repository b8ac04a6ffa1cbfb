// The position-aware YAML tree the language service works on. Offsets are UTF-16 code units
// into the document text, like LSP's; `end` is exclusive.

export type YamlNode = ScalarNode | MapNode | SeqNode | AliasNode;
export type Parent = MapNode | SeqNode | PairNode | null;

/** `empty` marks a value that was not written at all (`key:` or a bare `-`); it is zero-width. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'empty';

interface NodeBase {
  start: number;
  end: number;
  parent: Parent;
  anchor?: string;
  tag?: string;
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  style: ScalarStyle;
  /** The source text of a plain scalar that resolved to a non-string (`1.0`, `true`), kept so it can be sent as written. */
  source?: string;
}

export interface PairNode {
  kind: 'pair';
  start: number;
  end: number;
  parent: MapNode;
  key: ScalarNode;
  /** Offset of the `:`; -1 when it is missing (the user is still typing the key). */
  colon: number;
  value: YamlNode;
}

interface CollectionBase extends NodeBase {
  flow: boolean;
  /** Column of the entries (block collections); the column of the opening bracket for flow ones. */
  column: number;
  /** Block collections: where parsing resumed after the collection (next content line or end of text). */
  next: number;
  /** Bumped whenever an incremental reparse changes something inside; caches compare it. */
  rev: number;
}

export interface MapNode extends CollectionBase {
  kind: 'map';
  pairs: PairNode[];
}

export interface SeqNode extends CollectionBase {
  kind: 'seq';
  items: YamlNode[];
  /** Offsets of the `- ` of each item (block sequences). */
  dashes: number[];
}

export interface AliasNode extends NodeBase {
  kind: 'alias';
  name: string;
  target: YamlNode | null;
}

export interface YamlError {
  start: number;
  end: number;
  message: string;
  code: 'yaml-syntax' | 'duplicate-key' | 'yaml-warning';
  severity: 'error' | 'warning';
  /** Another place the error refers to (the first definition of a duplicate key). */
  related?: { start: number; end: number; message: string };
  /** The map a duplicate-key error belongs to, so an incremental reparse can recompute it. */
  owner?: MapNode;
}

export interface YamlDocument {
  readonly text: string;
  /** The top-level node; null for a document with no content. */
  root: YamlNode | null;
  /** Syntax errors and warnings, sorted by start offset. */
  errors: YamlError[];
  /** Anchors or aliases occur: values may be shared, so incremental reparse is off. */
  hasAliases: boolean;
  /** How the tree was produced, for tests and benchmarks. */
  reparsed: 'full' | 'incremental';
}

export function isEmptyScalar(node: YamlNode): boolean {
  return node.kind === 'scalar' && node.style === 'empty';
}
