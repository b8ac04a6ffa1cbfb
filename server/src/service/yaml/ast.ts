// The position-aware YAML tree the language service works on. Offsets are UTF-16 code units
// into the document text, like LSP's; `end` is exclusive.
//
// Nodes store their offsets relative to a Chunk: each entry of the root mapping, and each entry of
// the collections directly under it (every feature, every hyperparameter…), is a chunk. An edit
// moves everything after it; moving a chunk is one addition to its `delta`, so an edit in the middle
// of a 5,000-feature model updates a few thousand numbers instead of every node after it (see
// ./incremental.ts). Reading `start`, `end`, `next` and `colon` gives absolute offsets.

export class Chunk {
  /** Added to every offset stored by the nodes of this chunk. */
  delta = 0;
}

export type YamlNode = ScalarNode | MapNode | SeqNode | AliasNode;
export type Parent = MapNode | SeqNode | PairNode | null;

/** `empty` marks a value that was not written at all (`key:` or a bare `-`); it is zero-width. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'empty';

abstract class Located {
  /** Offsets relative to the chunk: read them through start and end. */
  protected s: number;
  protected e: number;

  constructor(
    public chunk: Chunk,
    start: number,
    end: number,
  ) {
    this.s = start - chunk.delta;
    this.e = end - chunk.delta;
  }

  get start(): number {
    return this.s + this.chunk.delta;
  }
  set start(value: number) {
    this.s = value - this.chunk.delta;
  }
  get end(): number {
    return this.e + this.chunk.delta;
  }
  set end(value: number) {
    this.e = value - this.chunk.delta;
  }
}

// `anchor` and `tag` are declared, not defined: few nodes have them, and every field defined on
// every node costs memory and parse time on a 5,000-feature model.

export class ScalarNode extends Located {
  declare readonly kind: 'scalar';
  parent: Parent = null;
  declare anchor?: string;
  declare tag?: string;
  /** The source text of a plain scalar that resolved to a non-string (`1.0`, `true`), kept so it can be sent as written. */
  source: string | undefined = undefined;

  constructor(
    chunk: Chunk,
    public value: string | number | boolean | null,
    public style: ScalarStyle,
    start: number,
    end: number,
  ) {
    super(chunk, start, end);
  }
}

export class PairNode extends Located {
  declare readonly kind: 'pair';
  value: YamlNode;
  private c: number;

  constructor(
    chunk: Chunk,
    start: number,
    end: number,
    public parent: MapNode,
    public key: ScalarNode,
    /** Offset of the `:`; -1 when it is missing (the user is still typing the key). */
    colon: number,
  ) {
    super(chunk, start, end);
    this.value = key;
    this.c = colon < 0 ? colon : colon - chunk.delta;
  }

  get colon(): number {
    return this.c < 0 ? this.c : this.c + this.chunk.delta;
  }
  set colon(value: number) {
    this.c = value < 0 ? value : value - this.chunk.delta;
  }
}

abstract class CollectionBase extends Located {
  parent: Parent = null;
  declare anchor?: string;
  declare tag?: string;
  /** Bumped whenever an incremental reparse changes something inside; caches compare it. */
  rev = 0;
  private n: number;

  constructor(
    chunk: Chunk,
    start: number,
    end: number,
    public flow: boolean,
    /** Column of the entries (block collections); the column of the opening bracket for flow ones. */
    public column: number,
  ) {
    super(chunk, start, end);
    this.n = start - chunk.delta;
  }

  /** Block collections: where parsing resumed after the collection (next content line or end of text). */
  get next(): number {
    return this.n + this.chunk.delta;
  }
  set next(value: number) {
    this.n = value - this.chunk.delta;
  }
}

export class MapNode extends CollectionBase {
  declare readonly kind: 'map';
  pairs: PairNode[] = [];
}

export class SeqNode extends CollectionBase {
  declare readonly kind: 'seq';
  items: YamlNode[] = [];
  /** Offsets of the `- ` of block sequence items, each relative to its item's chunk: see dashOf. */
  dashes: number[] = [];
}

export class AliasNode extends Located {
  declare readonly kind: 'alias';
  parent: Parent = null;
  declare anchor?: string;
  declare tag?: string;

  constructor(
    chunk: Chunk,
    public name: string,
    public target: YamlNode | null,
    start: number,
    end: number,
  ) {
    super(chunk, start, end);
  }
}

// `kind` lives on each class's prototype, not on every node: one field less on ~280,000 nodes of a
// 5,000-feature model. Read-only there, so no node can shadow it.
for (const [node, kind] of [
  [ScalarNode, 'scalar'],
  [PairNode, 'pair'],
  [MapNode, 'map'],
  [SeqNode, 'seq'],
  [AliasNode, 'alias'],
] as const) {
  Object.defineProperty(node.prototype, 'kind', { value: kind, enumerable: true });
}

/** Offset of the `- ` of item `i` of a block sequence. */
export function dashOf(seq: SeqNode, i: number): number {
  return seq.dashes[i] + seq.items[i].chunk.delta;
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
  /**
   * A quote or bracket left open looked for its end on the lines after it, up to this offset (the
   * end of the line where it gave up): an edit before it may close it, so incremental reparse
   * must start before the error.
   */
  readTo?: number;
}

export interface YamlDocument {
  readonly text: string;
  /** The top-level node; null for a document with no content. */
  root: YamlNode | null;
  /** Syntax errors and warnings, sorted by start offset (absolute: kept up to date on every edit). */
  errors: YamlError[];
  /** Anchors or aliases occur: values may be shared, so incremental reparse is off. */
  hasAliases: boolean;
  /** How the tree was produced, for tests and benchmarks. */
  reparsed: 'full' | 'incremental';
}

export function isEmptyScalar(node: YamlNode): boolean {
  return node.kind === 'scalar' && node.style === 'empty';
}
