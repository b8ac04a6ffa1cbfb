// A fast, error-tolerant YAML 1.2 parser that keeps offsets on every node.
//
// Why not the `yaml` package's parser: on a 1,000-feature model (0.5 MB) its Lexer alone takes
// ~120 ms and its Parser ~450 ms on our CI machines, while the editor budget for open →
// diagnostics is 60 ms and for an edit 20 ms at five times that size (see test/bench). This
// parser scans character codes once, builds only the nodes the language service needs, records
// where every block collection resumed so an edit can be reparsed locally (./incremental.ts),
// and recovers from the mistakes people make while typing (a key without `:`, a line indented
// one space too far, an unclosed quote) instead of giving up on the rest of the file.
// test/unit/yaml-parser.test.ts holds it to the `yaml` package's values and errors.
//
// The layers, each a class extending the one before: ./scanner.ts (characters, lines, errors),
// ./scalar.ts (scalars, anchors, tags, aliases), ./flow.ts (flow collections), and this file
// (block collections and the document, and the two entry points: a whole document, and the
// entries of one collection for ./incremental.ts).
//
// Not supported (reported as errors): complex mapping keys (`? `), and %TAG directives.

import { Chunk, MapNode, PairNode, ScalarNode, SeqNode, type YamlDocument, type YamlError, type YamlNode } from './ast';
import {
  AMP, AT, BACKTICK, BANG, BOM, COLON, COMMA, CR, DASH, DOT, DQUOTE, GT, HASH, LBRACE, LBRACKET, LF, PERCENT, PIPE, QUESTION, RBRACE, RBRACKET, SPACE, SQUOTE, STAR, TAB, BACKSLASH,
  isBreakOrEnd, isDocMarkerAt, isWhite, isWhiteOrEnd, lineStartBefore, trimEndOffset, detached,
} from './scanner';
import { FlowParser } from './flow';

type InlineContext = 'block' | 'map-value' | 'seq-item';

class YamlParser extends FlowParser {
  /** Block collections open around `pos`: entries of levels 0 and 1 get a chunk each (see ast.ts). */
  private blockLevel = 0;

  // ---------------------------------------------------------------- entry points

  /** See parseEntries. */
  entries(like: MapNode | SeqNode, from: number, level: number, index: number, resync: (p: number) => boolean): ParsedEntries | null {
    const src = this.src;
    // `level` block collections are open around these entries (the root's is the first), as in a full parse.
    this.depth = level + 1;
    this.blockLevel = level + 1;
    this.chunk = like.chunk;
    this.pos = from;
    this.lineStart = lineStartBefore(src, from);
    if (from - this.lineStart !== like.column) return null;
    // An edit may start right at the entry: a full parse would skip whitespace or a comment there.
    const c = src.charCodeAt(from);
    if (c !== c || isWhite(c) || c === LF || c === CR || c === HASH) return null;
    // A `---` or `...` typed or pasted there ends the document in a full parse: only the
    // document level can say what follows it.
    if (isDocMarkerAt(src, from)) return null;
    // The parent chose "list" or "mapping" from the first entry's line; that choice must still hold.
    if (like.kind === 'seq' ? !this.isSeqEntry(from) : this.isSeqEntry(from) || (index === 0 && !this.isKeyLine(from))) return null;
    // A first key without its `:` makes a mapping only because of the key line after it (see
    // isKeyWithoutColon): an edit of either may undo that.
    if (like.kind === 'map' && index <= 1 && like.pairs[0].colon < 0) return null;
    const entries = like.kind === 'map' ? new MapNode(like.chunk, from, from, false, like.column) : new SeqNode(like.chunk, from, from, false, like.column);
    const resynced = entries.kind === 'map' ? this.parseMapEntries(entries, resync, level) : this.parseSeqEntries(entries, resync, level);
    return { entries, resynced, errors: this.errors, hasAliases: this.hasAliases };
  }

  // ---------------------------------------------------------------- document

  parseDocument(): YamlDocument {
    const src = this.src;
    if (src.charCodeAt(0) === BOM) this.pos = this.lineStart = 1;
    let root: YamlNode | null = null;
    let explicitStart = false;
    let sawDirective = false;
    // Directives (`%YAML 1.2`) may precede an explicit `---`.
    for (;;) {
      if (!this.peekContent()) break;
      if (src.charCodeAt(this.pos) === BOM && this.pos === this.lineStart) {
        this.pos++;
        continue;
      }
      if (src.charCodeAt(this.pos) === PERCENT && this.pos === this.lineStart) {
        const lineEnd = this.lineEnd(this.pos);
        const directive = src.slice(this.pos, lineEnd);
        if (!directive.startsWith('%YAML')) {
          this.error(this.pos, lineEnd, 'Only the %YAML directive is supported in mlmodel files.');
        } else if (!/^%YAML[ \t]+1\.\d+(?:[ \t]+#.*)?[ \t]*$/.test(directive)) {
          this.error(this.pos, lineEnd, 'Malformed %YAML directive: expected `%YAML 1.2`.');
        }
        this.pos = lineEnd;
        this.newline();
        sawDirective = true;
        continue;
      }
      break;
    }
    if (sawDirective && !(this.atDocMarker && src.charCodeAt(this.pos) === DASH)) {
      this.error(this.pos, this.lineEnd(this.pos), 'A %YAML directive must be followed by a `---` line.');
    }
    if (this.atDocMarker && src.charCodeAt(this.pos) === DASH) {
      explicitStart = true;
      this.pos += 3;
      root = this.parseNode(-1, 'map-value');
    } else if (this.pos < this.len && !this.atDocMarker) {
      root = this.parseNode(-1, 'block');
    }
    if (root) this.endEntry(root);
    if (root && root.kind === 'scalar' && root.style === 'empty' && !root.tag && root.anchor === undefined) root = null;
    this.checkTrailing(explicitStart);
    this.errors.sort((a, b) => a.start - b.start);
    return { text: src, root, errors: this.errors, hasAliases: this.hasAliases, reparsed: 'full' };
  }

  /** After the root node: only `...`, comments or a second document may follow. */
  private checkTrailing(explicitStart: boolean): void {
    const src = this.src;
    while (this.peekContent()) {
      if (this.atDocMarker) {
        if (src.charCodeAt(this.pos) === DOT) {
          this.pos += 3;
          this.finishLine();
          continue;
        }
        // A `---` right after an explicit start with nothing before it is still the first document.
        const end = this.lineEnd(this.pos);
        this.error(this.pos, end, 'A second YAML document starts here; an mlmodel file holds exactly one model.');
        this.pos = this.len;
        return;
      }
      const end = this.lineEnd(this.pos);
      const indent = this.pos - this.lineStart;
      this.error(this.pos, end, indent > 0 ? 'Bad indentation: this line does not belong to any mapping or list above it.' : 'Unexpected content after the end of the document.');
      this.pos = end;
      this.newline();
      void explicitStart;
    }
  }

  // ---------------------------------------------------------------- nodes

  /**
   * Parse the node at `pos`. `parentIndent` is the column of the collection entry that owns it:
   * continuation lines must be indented further. `ctx` says what precedes `pos` on the line.
   */
  private parseNode(parentIndent: number, ctx: InlineContext): YamlNode {
    const src = this.src;
    const indicatorEnd = this.pos;
    let tab = -1;
    while (isWhite(src.charCodeAt(this.pos))) {
      if (src.charCodeAt(this.pos) === TAB && tab < 0) tab = this.pos;
      this.pos++;
    }
    const props = this.parseProps();
    const c = src.charCodeAt(this.pos);
    if (isBreakOrEnd(c) || (c === HASH && (this.pos === this.lineStart || isWhite(src.charCodeAt(this.pos - 1))))) {
      // Nothing more on this line: the value, if any, is on the following lines.
      const emptyAt = props ? this.pos : indicatorEnd;
      if (tab >= 0 && ctx === 'seq-item') this.error(tab, tab + 1, 'Tabs are not allowed in indentation; use spaces.');
      this.finishLine();
      if (this.peekContent() && !this.atDocMarker) {
        const col = this.column();
        if (col > parentIndent || (ctx === 'map-value' && col === parentIndent && this.isSeqEntry(this.pos))) {
          return this.withProps(this.parseBlockNode(parentIndent, col), props);
        }
      }
      return this.withProps(this.emptyScalar(emptyAt), props);
    }
    if (ctx === 'block' && !props) return this.parseBlockNode(parentIndent, this.column());
    if (props && ctx !== 'map-value' && this.isKeyLine(this.pos)) {
      // `&a key: value` starts a mapping whose first key carries the anchor (or tag).
      this.pos = props.start;
      return this.parseBlockMap(props.start - this.lineStart);
    }
    if (props && c === DASH && isWhiteOrEnd(src.charCodeAt(this.pos + 1))) {
      this.error(props.start, this.pos, 'An anchor or tag cannot precede `- ` on the same line; put the list on the next line.');
    }
    let node: YamlNode;
    if (tab >= 0 && ctx === 'seq-item' && (this.isSeqEntry(this.pos) || this.isKeyLine(this.pos))) {
      this.error(tab, tab + 1, 'Tabs are not allowed in indentation; use spaces.');
    }
    if (c === DASH && isWhiteOrEnd(src.charCodeAt(this.pos + 1))) {
      if (ctx === 'map-value') {
        this.error(this.pos, this.pos + 1, 'A list cannot start on the same line as its key; put `- ` on the next line.');
      }
      node = this.parseBlockSeq(this.column());
    } else if (ctx !== 'map-value' && (this.isKeyLine(this.pos) || this.isKeyWithoutColon(this.pos))) {
      node = this.parseBlockMap(this.column());
    } else {
      node = this.parseInlineNode(parentIndent, ctx);
    }
    return this.withProps(node, props);
  }

  /** A node that starts on its own line at column `col`. */
  private parseBlockNode(parentIndent: number, col: number): YamlNode {
    const src = this.src;
    const c = src.charCodeAt(this.pos);
    if (c === DASH && isWhiteOrEnd(src.charCodeAt(this.pos + 1))) return this.parseBlockSeq(col);
    if (c === AMP || c === BANG) return this.parseNode(parentIndent, 'seq-item');
    if (this.isKeyLine(this.pos) || this.isKeyWithoutColon(this.pos)) return this.parseBlockMap(col);
    return this.parseInlineNode(parentIndent, 'block');
  }

  /** Scalars, flow collections and aliases. */
  private parseInlineNode(parentIndent: number, ctx: InlineContext): YamlNode {
    const src = this.src;
    const c = src.charCodeAt(this.pos);
    switch (c) {
      case PIPE:
      case GT:
        return this.parseBlockScalar(parentIndent);
      case LBRACKET:
      case LBRACE: {
        const node = this.parseFlowCollection(parentIndent);
        this.rejectComplexKey(node);
        return node;
      }
      case DQUOTE:
      case SQUOTE:
        return this.parseQuoted(parentIndent);
      case STAR:
        if (this.src.charCodeAt(this.pos - 1) !== 10 && this.aliasHasProps()) this.error(this.pos, this.pos + 1, 'An alias cannot have an anchor or tag.');
        return this.parseAlias(false);
      case QUESTION:
        if (isWhiteOrEnd(src.charCodeAt(this.pos + 1))) {
          const end = this.lineEnd(this.pos);
          this.error(this.pos, end, 'Complex mapping keys (`? `) are not supported in mlmodel files.');
          this.pos = end;
          return this.emptyScalar(end);
        }
        break;
      case AT:
      case BACKTICK:
      case COMMA:
      case RBRACKET:
      case RBRACE:
      case PERCENT:
        this.error(this.pos, this.pos + 1, `A plain value cannot start with \`${String.fromCharCode(c)}\`; quote it.`);
        break;
    }
    return this.parsePlain(parentIndent, ctx === 'map-value');
  }

  private rejectComplexKey(node: YamlNode): void {
    const src = this.src;
    let p = this.pos;
    while (isWhite(src.charCodeAt(p))) p++;
    if (src.charCodeAt(p) === COLON && isWhiteOrEnd(src.charCodeAt(p + 1))) {
      this.error(node.start, p + 1, 'A flow collection cannot be used as a mapping key.');
      this.pos = this.lineEnd(p);
    }
  }

  // ---------------------------------------------------------------- block collections

  private isSeqEntry(p: number): boolean {
    return this.src.charCodeAt(p) === DASH && isWhiteOrEnd(this.src.charCodeAt(p + 1));
  }

  /** Does an implicit key (`key:` followed by a space or the end of the line) start at `p`? */
  private isKeyLine(p: number): boolean {
    const src = this.src;
    let c = src.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.findClosingQuote(p);
      if (close < 0) return false;
      p = close + 1;
      while (isWhite(src.charCodeAt(p))) p++;
      return src.charCodeAt(p) === COLON && isWhiteOrEnd(src.charCodeAt(p + 1));
    }
    if (c === LBRACKET || c === LBRACE || c === HASH || c === PIPE || c === GT || c === STAR || c === AMP || c === BANG) return false;
    if ((c === DASH || c === QUESTION) && isWhiteOrEnd(src.charCodeAt(p + 1))) return false;
    if (c === COMMA || c === RBRACKET || c === RBRACE || c === PERCENT || c === AT || c === BACKTICK) return false;
    for (;;) {
      if (c === COLON) {
        if (isWhiteOrEnd(src.charCodeAt(p + 1))) return true;
      } else if (c === HASH) {
        if (isWhite(src.charCodeAt(p - 1))) return false;
      } else if (isBreakOrEnd(c)) {
        return false;
      }
      c = src.charCodeAt(++p);
    }
  }

  /**
   * Is the line at `p` a key still being typed (`serv`, its `:` not yet there) at the top of a
   * mapping? It reads as a plain value, but the next content line, at the same column, starts
   * with a key. Parsed as the mapping's first key, it is one error on its line instead of making
   * the value above a scalar and every key after it an error. (Not valid YAML either way.)
   */
  private isKeyWithoutColon(p: number): boolean {
    const src = this.src;
    if (isIndicator(src.charCodeAt(p))) return false;
    const col = p - this.lineStart;
    let q = this.lineEnd(p);
    while (q < this.len) {
      if (src.charCodeAt(q) === CR) q++;
      if (src.charCodeAt(q) === LF) q++;
      const start = q;
      while (src.charCodeAt(q) === SPACE) q++;
      const c = src.charCodeAt(q);
      if (!isBreakOrEnd(c) && c !== HASH) return q - start === col && this.isKeyLine(q);
      q = this.lineEnd(q);
    }
    return false;
  }

  /** End of the implicit key starting at `p` (on a line where isKeyLine holds). */
  private keyEnd(p: number): number {
    const src = this.src;
    const c = src.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) return this.findClosingQuote(p) + 1;
    while (!(src.charCodeAt(p) === COLON && isWhiteOrEnd(src.charCodeAt(p + 1)))) p++;
    return trimEndOffset(src, 0, p);
  }

  /** Offset of the quote closing the single-line quoted scalar opened at `p`, or -1. */
  private findClosingQuote(p: number): number {
    const src = this.src;
    const q = src.charCodeAt(p);
    for (let i = p + 1; i < this.len; i++) {
      const c = src.charCodeAt(i);
      if (c === LF || c === CR) return -1;
      if (q === DQUOTE && c === BACKSLASH) {
        i++;
        continue;
      }
      if (c === q) {
        if (q === SQUOTE && src.charCodeAt(i + 1) === SQUOTE) {
          i++;
          continue;
        }
        return i;
      }
    }
    return -1;
  }

  private skipBlock(col: number): void {
    this.pos = this.lineEnd(this.pos);
    this.newline();
    while (this.peekContent() && !this.atDocMarker && this.column() > col) {
      this.pos = this.lineEnd(this.pos);
      this.newline();
    }
  }

  private parseBlockMap(col: number): MapNode {
    const map = new MapNode(this.chunk, this.pos, this.pos, false, col);
    if (!this.enter(this.pos)) {
      this.skipBlock(col);
      map.next = this.pos;
      return map;
    }
    this.parseMapEntries(map, undefined, this.blockLevel++);
    this.blockLevel--;
    this.depth--;
    return map;
  }

  /**
   * Parse entries of `map` from `pos` until the map ends. `resync`, used by incremental reparse,
   * is asked before each further entry whether parsing can stop there.
   */
  private parseMapEntries(map: MapNode, resync: ((p: number) => boolean) | undefined, level: number): boolean {
    const col = map.column;
    const outer = this.chunk;
    for (let first = true; ; first = false) {
      if (!first) {
        // Every further line goes through the same checks, whatever came before it.
        if (!this.peekContent() || this.atDocMarker) break;
        const c = this.column();
        if (c < col) break;
        if (c === col) {
          if (resync && resync(this.pos)) return true;
          if (this.isSeqEntry(this.pos)) {
            // `- ` at a mapping's column cannot belong to it; report it and parse it so its lines are consumed.
            this.error(this.pos, this.pos + 1, 'A list item cannot appear here: this is a mapping. Indent the list under a key.');
            this.parseBlockSeq(c);
            continue;
          }
        } else if (!this.isKeyLine(this.pos)) {
          const end = this.lineEnd(this.pos);
          this.error(this.pos, trimEndOffset(this.src, this.pos, end), `Bad indentation: expected a key at column ${col + 1}.`);
          this.pos = end;
          this.newline();
          continue;
        } else {
          // Adopt an over-indented key into this map, so one stray space is one error, not a cascade.
          // (Errors about a line start at its content: incremental reparse relies on it.)
          this.error(this.pos, this.keyEnd(this.pos), `Bad indentation: this key should start at column ${col + 1}, like the keys above it.`);
        }
      }
      if (level <= 1) this.chunk = new Chunk();
      const pair = this.parsePair(map);
      this.chunk = outer;
      if (pair) map.pairs.push(pair);
    }
    this.closeCollection(map, map.pairs.length ? map.pairs[map.pairs.length - 1].end : map.start);
    this.checkDuplicateKeys(map);
    return false;
  }

  private closeCollection(node: MapNode | SeqNode, end: number): void {
    node.end = end;
    node.next = this.pos;
    // An array that grew by push has room for 16 entries; most collections here have a handful
    // (a source: name, dataType, dataSource). An exact copy saves ~100 bytes per collection,
    // a sixth of a large model's tree.
    if (node.kind === 'map') {
      if (node.pairs.length < 12) node.pairs = node.pairs.slice();
    } else if (node.items.length < 12) {
      node.items = node.items.slice();
      node.dashes = node.dashes.slice();
    }
  }

  private parsePair(map: MapNode): PairNode | null {
    const src = this.src;
    const start = this.pos;
    const keyProps = this.parseProps();
    let key: ScalarNode;
    const c = src.charCodeAt(this.pos);
    if (c === QUESTION && isWhiteOrEnd(src.charCodeAt(this.pos + 1))) {
      this.error(this.pos, this.lineEnd(this.pos), 'Complex mapping keys (`? `) are not supported in mlmodel files.');
      this.skipBlock(map.column);
      return null;
    }
    if (!this.isKeyLine(this.pos) && isIndicator(c) && !(c === COLON && isWhiteOrEnd(src.charCodeAt(this.pos + 1)))) {
      const end = this.lineEnd(this.pos);
      this.error(this.pos, trimEndOffset(src, this.pos, end), `A key cannot start with \`${String.fromCharCode(c)}\`; quote it.`);
      this.pos = end;
      if (this.pos < this.len) this.newline();
      return null;
    }
    if (c === DQUOTE || c === SQUOTE) {
      const line = this.lineStart;
      key = this.parseQuoted(map.column);
      key.value = String(key.value);
      if (this.lineStart !== line) this.error(key.start, key.end, 'A key must be on a single line.');
    } else {
      // The implicit key runs to `: ` (or the end of the line when the colon is missing).
      let p = this.pos;
      let colon = -1;
      for (;;) {
        const ch = src.charCodeAt(p);
        if (ch === COLON && isWhiteOrEnd(src.charCodeAt(p + 1))) {
          colon = p;
          break;
        }
        if (isBreakOrEnd(ch) || (ch === HASH && p > this.pos && isWhite(src.charCodeAt(p - 1)))) break;
        p++;
      }
      const keyEnd = trimEndOffset(src, this.pos, p);
      key = new ScalarNode(this.chunk, internKey(src, this.pos, keyEnd), 'plain', this.pos, keyEnd);
      this.pos = colon >= 0 ? colon : keyEnd;
    }
    if (keyProps) this.withProps(key, keyProps);
    let p = this.pos;
    while (isWhite(src.charCodeAt(p))) p++;
    const pair = new PairNode(this.chunk, start, key.end, map, key, -1);
    key.parent = pair;
    if (src.charCodeAt(p) !== COLON) {
      const text = String(key.value);
      const glued = /^[^\s:]+:\S/.test(text);
      if (glued) {
        this.error(key.start, key.end, `Missing space after \`:\` in \`${text}\`: write \`${text.replace(':', ': ')}\`.`);
      } else if (key.end > key.start) {
        this.error(key.start, key.end, `Missing \`:\` after the key \`${text}\`.`);
      } else {
        this.error(start, this.lineEnd(start), 'Expected a key.');
      }
      pair.value = this.emptyScalar(key.end);
      pair.value.parent = pair;
      this.pos = key.end;
      this.finishLine();
      return pair;
    }
    pair.colon = p;
    this.pos = p + 1;
    const value = this.parseNode(map.column, 'map-value');
    value.parent = pair;
    pair.value = value;
    pair.end = value.end > pair.colon ? value.end : pair.colon + 1;
    this.endEntry(value);
    return pair;
  }

  /** After an entry's value: if it ended mid-line, the rest of the line must be empty. */
  private endEntry(value: YamlNode): void {
    if ((value.kind === 'map' || value.kind === 'seq') && !value.flow) return;
    if (value.kind === 'scalar' && (value.style === 'literal' || value.style === 'folded' || value.style === 'empty')) return;
    if (this.pos === this.lineStart) return;
    this.finishLine();
  }

  private parseBlockSeq(col: number): SeqNode {
    const seq = new SeqNode(this.chunk, this.pos, this.pos, false, col);
    if (!this.enter(this.pos)) {
      this.skipBlock(col);
      seq.next = this.pos;
      return seq;
    }
    this.parseSeqEntries(seq, undefined, this.blockLevel++);
    this.blockLevel--;
    this.depth--;
    return seq;
  }

  private parseSeqEntries(seq: SeqNode, resync: ((p: number) => boolean) | undefined, level: number): boolean {
    const col = seq.column;
    const outer = this.chunk;
    for (let first = true; ; first = false) {
      if (!first) {
        if (!this.peekContent() || this.atDocMarker) break;
        const c = this.column();
        if (c > col) {
          const end = this.lineEnd(this.pos);
          this.error(this.pos, trimEndOffset(this.src, this.pos, end), `Bad indentation: expected \`- \` at column ${col + 1}.`);
          this.pos = end;
          this.newline();
          continue;
        }
        if (c < col || !this.isSeqEntry(this.pos)) break;
        if (resync && resync(this.pos)) return true;
      }
      // pos is at the `-`.
      if (level <= 1) this.chunk = new Chunk();
      seq.dashes.push(this.pos - this.chunk.delta);
      this.pos++;
      const item = this.parseNode(col, 'seq-item');
      this.chunk = outer;
      item.parent = seq;
      seq.items.push(item);
      this.endEntry(item);
    }
    const last = seq.items[seq.items.length - 1];
    this.closeCollection(seq, Math.max(last ? last.end : seq.start + 1, seq.start + 1));
    return false;
  }
}

// ---------------------------------------------------------------- helpers

/**
 * Keys repeat (`name`, `dataType`, `dataSource` on every feature): one shared string per key text,
 * found by a hash of the source characters, saves an allocation per key and makes key comparisons
 * pointer comparisons. Bounded, so arbitrary keys cannot grow it without limit.
 */
const KEYS = new Map<number, string>();
const MAX_KEYS = 20_000;

function internKey(src: string, start: number, end: number): string {
  const len = end - start;
  if (len > 48) return src.slice(start, end);
  let h = len;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + src.charCodeAt(i)) | 0;
  const known = KEYS.get(h);
  if (known !== undefined && known.length === len && src.startsWith(known, start)) return known;
  const key = src.slice(start, end);
  if (known === undefined && KEYS.size < MAX_KEYS) {
    // The table outlives the document: it must not keep the document's text alive.
    const own = detached(key);
    KEYS.set(h, own);
    return own;
  }
  return key;
}

/** Characters that cannot start a plain scalar (YAML's c-indicator). */
function isIndicator(c: number): boolean {
  switch (c) {
    case DASH: case QUESTION: case COLON: case COMMA: case LBRACKET: case RBRACKET: case LBRACE: case RBRACE:
    case HASH: case AMP: case STAR: case BANG: case PIPE: case GT: case SQUOTE: case DQUOTE: case PERCENT: case AT: case BACKTICK:
      return true;
  }
  return false;
}

export function parseYaml(text: string): YamlDocument {
  return new YamlParser(text).parseDocument();
}

/** The entries of one block collection, parsed again after an edit (see parseEntries). */
export interface ParsedEntries {
  /** A collection of the same kind, column and chunk as the one reparsed, holding the new entries. */
  entries: MapNode | SeqNode;
  /** True when `resync` stopped the parse at an entry; false when the collection ended. */
  resynced: boolean;
  errors: YamlError[];
  /** Anchors or aliases occur in the new entries. */
  hasAliases: boolean;
}

/**
 * For incremental reparse (./incremental.ts): parse `text` from `from`, the start of entry `index`
 * of `like`, a block collection at block level `level` (0 for the root's), as a full parse would
 * there, until the collection ends or `resync` accepts the start of a further entry. Null when the
 * text at `from` may no longer start such an entry.
 */
export function parseEntries(text: string, like: MapNode | SeqNode, from: number, level: number, index: number, resync: (p: number) => boolean): ParsedEntries | null {
  return new YamlParser(text).entries(like, from, level, index, resync);
}
