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
// Not supported (reported as errors): complex mapping keys (`? `), and %TAG directives.

import { AliasNode, Chunk, MapNode, PairNode, ScalarNode, SeqNode, type Parent, type YamlDocument, type YamlError, type YamlNode } from './ast';

const LF = 10, CR = 13, SPACE = 32, TAB = 9, HASH = 35, COLON = 58, DASH = 45, DOT = 46;
const DQUOTE = 34, SQUOTE = 39, LBRACKET = 91, RBRACKET = 93, LBRACE = 123, RBRACE = 125, COMMA = 44;
const AMP = 38, STAR = 42, BANG = 33, PIPE = 124, GT = 62, QUESTION = 63, PERCENT = 37, BACKSLASH = 92;
const AT = 64, BACKTICK = 96, BOM = 0xfeff;

/** Largest nesting the parser follows; deeper input is reported instead of overflowing the stack. */
export const MAX_DEPTH = 500;

type InlineContext = 'block' | 'map-value' | 'seq-item';

interface Props {
  anchor?: string;
  /** Which definition of the anchor name this is; a later one with the same name wins. */
  anchorId?: number;
  tag?: string;
  start: number;
}

function isWhite(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isBreakOrEnd(c: number): boolean {
  // NaN (past the end) counts as end.
  return c === LF || c === CR || c !== c;
}

function isWhiteOrEnd(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || c !== c;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

export class YamlParser {
  readonly errors: YamlError[] = [];
  hasAliases = false;
  pos = 0;
  /** Start offset of the line `pos` is on. */
  lineStart = 0;
  /** Set by peekContent when the next content line is a `---` or `...` marker. */
  private atDocMarker = false;
  /** Anchors in text order: the node is set once it is parsed (null while it is being parsed). */
  private readonly anchors = new Map<string, { id: number; node: YamlNode | null }>();
  private anchorCount = 0;
  /** Nesting of collections being parsed, checked against MAX_DEPTH. */
  depth = 0;
  /** Block collections open around `pos`: entries of levels 0 and 1 get a chunk each (see ast.ts). */
  blockLevel = 0;
  /** The chunk new nodes belong to. */
  chunk = new Chunk();
  /** Where scanPlainLine saw a `: `, or -1. */
  private plainColon = -1;
  readonly len: number;

  constructor(readonly src: string) {
    this.len = src.length;
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

  // ---------------------------------------------------------------- lines

  private lineEnd(p: number): number {
    const src = this.src;
    while (p < this.len) {
      const c = src.charCodeAt(p);
      if (c === LF || c === CR) break;
      p++;
    }
    return p;
  }

  /** At a line break (or end): move to the start of the next line. */
  private newline(): void {
    const src = this.src;
    if (src.charCodeAt(this.pos) === CR) this.pos++;
    if (src.charCodeAt(this.pos) === LF) this.pos++;
    this.lineStart = this.pos;
  }

  /** Skip the rest of the current line: whitespace and a comment are fine, anything else is reported. */
  finishLine(): void {
    const src = this.src;
    let p = this.pos;
    while (isWhite(src.charCodeAt(p))) p++;
    const c = src.charCodeAt(p);
    if (c === HASH) {
      if (p === this.pos && p > this.lineStart && !isWhite(src.charCodeAt(p - 1))) {
        this.error(p, p + 1, 'A comment must be separated from the value before it by a space.');
      }
      p = this.lineEnd(p);
    } else if (!isBreakOrEnd(c)) {
      const end = this.lineEnd(p);
      this.error(p, trimEndOffset(src, p, end), 'Unexpected text after the value on this line.');
      p = end;
    }
    this.pos = p;
    if (p < this.len) this.newline();
  }

  /**
   * From the start of a line, skip blank and comment-only lines. Leaves `pos` on the first content
   * character of the next content line and returns true, or returns false at the end of the text.
   */
  peekContent(): boolean {
    const src = this.src;
    const len = this.len;
    let p = this.pos;
    let lineStart = this.lineStart;
    this.atDocMarker = false;
    while (p < len) {
      let c = src.charCodeAt(p);
      let sawTab = -1;
      while (c === SPACE || c === TAB) {
        if (c === TAB && sawTab < 0) sawTab = p;
        c = src.charCodeAt(++p);
      }
      if (c === LF || c === CR) {
        if (c === CR && src.charCodeAt(p + 1) === LF) p++;
        lineStart = ++p;
        continue;
      }
      if (c === HASH) {
        p = this.lineEnd(p);
        continue;
      }
      if (p >= len) break;
      this.pos = p;
      this.lineStart = lineStart;
      if (sawTab >= 0) this.error(sawTab, sawTab + 1, 'Tabs are not allowed in indentation; use spaces.');
      if (p === lineStart && (c === DASH || c === DOT) && src.charCodeAt(p + 1) === c && src.charCodeAt(p + 2) === c && isWhiteOrEnd(src.charCodeAt(p + 3))) {
        this.atDocMarker = true;
      }
      return true;
    }
    this.pos = len;
    this.lineStart = lineStart;
    return false;
  }

  private column(): number {
    return this.pos - this.lineStart;
  }

  // ---------------------------------------------------------------- nodes

  /**
   * Parse the node at `pos`. `parentIndent` is the column of the collection entry that owns it:
   * continuation lines must be indented further. `ctx` says what precedes `pos` on the line.
   */
  parseNode(parentIndent: number, ctx: InlineContext): YamlNode {
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
    } else if (ctx !== 'map-value' && this.isKeyLine(this.pos)) {
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
    if (this.isKeyLine(this.pos)) return this.parseBlockMap(col);
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

  private parseProps(): Props | undefined {
    const src = this.src;
    let props: Props | undefined;
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (c !== AMP && c !== BANG) return props;
      const start = this.pos;
      let p = start + 1;
      while (p < this.len && !isWhiteOrEnd(src.charCodeAt(p)) && !isFlowIndicator(src.charCodeAt(p))) p++;
      props ??= { start };
      if (c === AMP) {
        if (p === start + 1) this.error(start, p, 'An anchor needs a name: `&name`.');
        if (props.anchor !== undefined) this.error(start, p, 'A value can have only one anchor.');
        props.anchor = src.slice(start + 1, p);
        props.anchorId = ++this.anchorCount;
        this.anchors.set(props.anchor, { id: props.anchorId, node: null });
        this.hasAliases = true;
      } else {
        const tag = src.slice(start, p);
        if (props.tag !== undefined) this.error(start, p, 'A value can have only one tag.');
        else if (!/^!(?:!?[A-Za-z0-9\-#;/?:@&=+$_.~*'()%]+|<[^>]+>)?$/.test(tag)) this.error(start, p, `Malformed tag ${tag}.`);
        props.tag = tag;
      }
      this.pos = p;
      const after = src.charCodeAt(p);
      if (!isWhiteOrEnd(after) && !isFlowIndicator(after)) this.error(start, p, 'An anchor or tag must be followed by a space.');
      else if (isFlowIndicator(after) && (after === LBRACKET || after === LBRACE)) this.error(p, p + 1, 'An anchor or tag must be followed by a space.');
      while (isWhite(src.charCodeAt(this.pos))) this.pos++;
    }
  }

  private withProps(node: YamlNode, props: Props | undefined): YamlNode {
    if (!props) return node;
    if ((props.tag && node.tag) || (props.anchor !== undefined && node.anchor !== undefined)) {
      this.error(props.start, node.start, 'A value can have only one anchor and one tag.');
    }
    if (props.tag) this.applyTag(node, props.tag, props.start);
    if (props.anchor !== undefined) {
      node.anchor = props.anchor;
      const entry = this.anchors.get(props.anchor);
      if (entry && entry.id === props.anchorId) entry.node = node;
    }
    return node;
  }

  private applyTag(node: YamlNode, tag: string, at: number): void {
    node.tag = tag;
    const end = at + tag.length;
    if (node.kind === 'map' || node.kind === 'seq') {
      const expected = node.kind === 'map' ? '!!map' : '!!seq';
      if (tag !== expected && tag !== '!') this.warning(at, end, `The tag ${tag} is ignored here.`);
      return;
    }
    if (node.kind !== 'scalar') return;
    const text = node.source ?? (typeof node.value === 'string' ? node.value : String(node.value));
    switch (tag) {
      case '!':
      case '!!str':
        if (node.style === 'plain' || node.style === 'empty') {
          node.value = node.source ?? (node.style === 'empty' ? '' : String(node.value));
          node.source = undefined;
        }
        return;
      case '!!null':
        node.value = null;
        return;
      case '!!bool':
      case '!!int':
      case '!!float': {
        const resolved = resolvePlain(text);
        // Like the `yaml` package, !!float wants a float's spelling (`1.0`, not `1`).
        const ok = tag === '!!bool' ? typeof resolved === 'boolean' : typeof resolved === 'number' && (tag === '!!float' ? /[.eEnN]/.test(text) : Number.isInteger(resolved));
        if (ok) {
          node.source ??= text;
          node.value = resolved;
        } else if (tag === '!!float' && typeof resolved === 'number') {
          this.warning(at, end, `${text} is not written as a float; the value is read as a string.`);
          node.value = text;
          node.source = undefined;
        } else {
          this.error(at, node.end, `The value does not match its tag ${tag}.`);
        }
        return;
      }
      default:
        // As the `yaml` package does: an unknown tag leaves the scalar as its string.
        this.warning(at, end, `Unresolved tag ${tag}; the value is read as a string.`);
        if (node.style === 'plain' || node.style === 'empty') {
          node.value = node.style === 'empty' ? '' : text;
          node.source = undefined;
        }
    }
  }

  /** Were an anchor or tag just parsed on this line, right before the alias at `pos`? */
  private aliasHasProps(): boolean {
    let p = this.pos - 1;
    while (p >= this.lineStart && isWhite(this.src.charCodeAt(p))) p--;
    let q = p;
    while (q >= this.lineStart && !isWhite(this.src.charCodeAt(q))) q--;
    const c = this.src.charCodeAt(q + 1);
    return p >= this.lineStart && (c === AMP || c === BANG);
  }

  private parseAlias(inFlow: boolean): AliasNode {
    const src = this.src;
    const start = this.pos;
    let p = start + 1;
    while (p < this.len) {
      const c = src.charCodeAt(p);
      if (isWhiteOrEnd(c) || (inFlow && isFlowIndicator(c))) break;
      p++;
    }
    this.pos = p;
    const name = src.slice(start + 1, p);
    const entry = this.anchors.get(name);
    const target = entry?.node ?? null;
    this.hasAliases = true;
    if (!entry) this.error(start, p, `Unknown anchor \`&${name}\`: an alias must refer to an anchor defined above it.`);
    else if (!target) this.error(start, p, `The alias *${name} refers to the value that contains it.`);
    return new AliasNode(this.chunk, name, target, start, p);
  }

  emptyScalar(at: number): ScalarNode {
    return new ScalarNode(this.chunk, null, 'empty', at, at);
  }

  // ---------------------------------------------------------------- block collections

  isSeqEntry(p: number): boolean {
    return this.src.charCodeAt(p) === DASH && isWhiteOrEnd(this.src.charCodeAt(p + 1));
  }

  /** Does an implicit key (`key:` followed by a space or the end of the line) start at `p`? */
  isKeyLine(p: number): boolean {
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

  /** End of the implicit key starting at `p` (on a line where isKeyLine holds). */
  private keyEnd(p: number): number {
    const src = this.src;
    const c = src.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) return this.findClosingQuote(p) + 1;
    while (!(src.charCodeAt(p) === COLON && isWhiteOrEnd(src.charCodeAt(p + 1)))) p++;
    return trimEndOffset(src, 0, p);
  }

  /** Does the plain text from `p` to the end of its line contain a `: ` mapping indicator? */
  private hasValueIndicator(p: number): boolean {
    const src = this.src;
    for (let c = src.charCodeAt(p); ; c = src.charCodeAt(++p)) {
      if (c === COLON && isWhiteOrEnd(src.charCodeAt(p + 1))) return true;
      if (isBreakOrEnd(c) || (c === HASH && isWhite(src.charCodeAt(p - 1)))) return false;
    }
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

  private enter(at: number): boolean {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      this.error(at, this.lineEnd(at), `The document nests deeper than ${MAX_DEPTH} levels; the rest of this branch is ignored.`);
      return false;
    }
    return true;
  }

  /** Skip a whole over-deep branch: every line indented further than `col`. */
  private skipBlock(col: number): void {
    this.pos = this.lineEnd(this.pos);
    this.newline();
    while (this.peekContent() && !this.atDocMarker && this.column() > col) {
      this.pos = this.lineEnd(this.pos);
      this.newline();
    }
  }

  parseBlockMap(col: number): MapNode {
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
  parseMapEntries(map: MapNode, resync: ((p: number) => boolean) | undefined, level: number): boolean {
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

  checkDuplicateKeys(map: MapNode): void {
    const pairs = map.pairs;
    if (pairs.length < 2) return;
    // Most mappings have a handful of keys: compare them pairwise instead of allocating a Map.
    const seen = pairs.length > 12 ? new Map<unknown, PairNode>() : undefined;
    const firstWith = (k: unknown, before: number): PairNode | undefined => {
      if (seen) return seen.get(k);
      for (let j = 0; j < before; j++) if (pairs[j].colon >= 0 && pairs[j].key.value === k) return pairs[j];
      return undefined;
    };
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      if (pair.colon < 0) continue;
      const k = pair.key.value;
      const first = firstWith(k, i);
      if (first) {
        this.errors.push({
          start: pair.key.start,
          end: pair.key.end,
          code: 'duplicate-key',
          severity: 'error',
          message: `Duplicate key \`${String(k)}\`: each key may appear once in a mapping.`,
          related: { start: first.key.start, end: first.key.end, message: 'first defined here' },
          owner: map,
        });
      } else {
        seen?.set(k, pair);
      }
    }
  }

  /** One `key: value` entry; `pos` is at the key. */
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

  parseBlockSeq(col: number): SeqNode {
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

  parseSeqEntries(seq: SeqNode, resync: ((p: number) => boolean) | undefined, level: number): boolean {
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

  // ---------------------------------------------------------------- scalars

  /** A plain scalar in block context; it may continue on lines indented further than `parentIndent`. */
  private parsePlain(parentIndent: number, afterKey = false): ScalarNode {
    const src = this.src;
    const len = this.len;
    const start = this.pos;
    let end = this.scanPlainLine(start);
    if (afterKey && this.plainColon >= 0) {
      this.error(start, trimEndOffset(src, start, this.lineEnd(start)), 'A mapping cannot start on the same line as its key; put it on the next line, indented.');
    }
    let text = src.slice(start, end);
    let lineStart = this.lineStart;
    let p = end;
    for (;;) {
      while (isWhite(src.charCodeAt(p))) p++;
      // A comment ends the scalar; so does the end of the text.
      if (p >= len || !isBreakOrEnd(src.charCodeAt(p))) break;
      let blank = 0;
      let contentAt = -1;
      let ls = p;
      let q = p;
      let tabAt = -1;
      while (q < len) {
        if (src.charCodeAt(q) === CR) q++;
        if (src.charCodeAt(q) === LF) q++;
        ls = q;
        while (src.charCodeAt(q) === SPACE) q++;
        if (src.charCodeAt(q) === TAB && q - ls <= parentIndent && tabAt < 0) tabAt = q;
        while (isWhite(src.charCodeAt(q))) q++;
        if (q >= len) break;
        if (isBreakOrEnd(src.charCodeAt(q))) {
          blank++;
          continue;
        }
        contentAt = q;
        break;
      }
      if (contentAt < 0) break;
      let indent = 0;
      while (src.charCodeAt(ls + indent) === SPACE) indent++;
      if (indent <= parentIndent || src.charCodeAt(contentAt) === HASH) break;
      if (tabAt >= 0) this.error(tabAt, tabAt + 1, 'Tabs are not allowed in indentation; use spaces.');
      if (contentAt === ls && isDocMarkerAt(src, contentAt)) break;
      // `: ` cannot occur in a plain scalar, so `key: value` does not continue it; the collection reports it.
      if (this.hasValueIndicator(contentAt)) break;
      const lineEnd = this.scanPlainLine(contentAt);
      text += blank ? '\n'.repeat(blank) : ' ';
      text += src.slice(contentAt, lineEnd);
      end = lineEnd;
      p = lineEnd;
      lineStart = ls;
    }
    this.pos = end;
    this.lineStart = lineStart;
    return this.plainScalar(text, start, end);
  }

  /** End (trimmed) of the plain text on this line, stopping before a ` #` comment. */
  private scanPlainLine(p: number): number {
    const src = this.src;
    let end = p;
    // A `: ` on the way (set for the caller): a plain scalar cannot hold one.
    this.plainColon = -1;
    for (;;) {
      const c = src.charCodeAt(p);
      if (isBreakOrEnd(c)) break;
      if (c === HASH && p > 0 && isWhite(src.charCodeAt(p - 1))) break;
      if (c !== SPACE && c !== TAB) {
        if (c === COLON && this.plainColon < 0 && isWhiteOrEnd(src.charCodeAt(p + 1))) this.plainColon = p;
        end = p + 1;
      }
      p++;
    }
    return end;
  }

  plainScalar(text: string, start: number, end: number): ScalarNode {
    const value = resolvePlain(text);
    const node = new ScalarNode(this.chunk, value, 'plain', start, end);
    if (typeof value !== 'string') node.source = text;
    return node;
  }

  private parseQuoted(parentIndent: number): ScalarNode {
    const src = this.src;
    const start = this.pos;
    const q = src.charCodeAt(start);
    const double = q === DQUOTE;
    let out = '';
    let p = start + 1;
    let segStart = p;
    let lineStart = this.lineStart;
    for (;;) {
      if (p >= this.len) return this.unterminated(start, double);
      const c = src.charCodeAt(p);
      if (c === q) {
        if (!double && src.charCodeAt(p + 1) === SQUOTE) {
          out += src.slice(segStart, p + 1);
          p += 2;
          segStart = p;
          continue;
        }
        out += src.slice(segStart, p);
        p++;
        break;
      }
      if (double && c === BACKSLASH) {
        out += src.slice(segStart, p);
        const e = src.charCodeAt(p + 1);
        if (e === LF || e === CR) {
          // Escaped line break: join without a space, dropping the next line's indentation.
          p += e === CR && src.charCodeAt(p + 2) === LF ? 3 : 2;
          lineStart = p;
          while (src.charCodeAt(p) === SPACE) p++;
          const indent = p - lineStart;
          while (isWhite(src.charCodeAt(p))) p++;
          const d = src.charCodeAt(p);
          if (p >= this.len || (indent <= parentIndent && !isBreakOrEnd(d)) || (indent === 0 && isDocMarkerAt(src, p))) {
            this.lineStart = lineStart;
            return this.unterminated(start, double);
          }
          segStart = p;
          continue;
        }
        const r = decodeEscape(src, p);
        if (r.error) this.error(p, r.next, r.error);
        out += r.text;
        p = r.next;
        segStart = p;
        continue;
      }
      if (c === LF || c === CR) {
        // Line folding: trailing spaces go, empty lines become newlines, one break becomes a space.
        out += src.slice(segStart, trimEndOffset(src, segStart, p));
        let blank = 0;
        for (;;) {
          if (src.charCodeAt(p) === CR) p++;
          if (src.charCodeAt(p) === LF) p++;
          lineStart = p;
          let indent = 0;
          while (src.charCodeAt(p) === SPACE) {
            p++;
            indent++;
          }
          while (isWhite(src.charCodeAt(p))) p++;
          const d = src.charCodeAt(p);
          if (d === LF || d === CR) {
            blank++;
            continue;
          }
          if (p >= this.len || indent <= parentIndent || (indent === 0 && isDocMarkerAt(src, p))) {
            this.lineStart = lineStart;
            return this.unterminated(start, double);
          }
          break;
        }
        out += blank ? '\n'.repeat(blank) : ' ';
        segStart = p;
        continue;
      }
      p++;
    }
    this.pos = p;
    this.lineStart = lineStart;
    return new ScalarNode(this.chunk, out, double ? 'double' : 'single', start, p);
  }

  /** An unclosed quote: report it and keep the rest of the opening line as the value, so the lines after it still parse. */
  private unterminated(start: number, double: boolean): ScalarNode {
    const lineEnd = trimEndOffset(this.src, start, this.lineEnd(start));
    this.error(start, lineEnd, `Missing closing ${double ? '"' : "'"}: the quoted value is not terminated.`);
    this.pos = lineEnd;
    this.lineStart = lineStartBefore(this.src, lineEnd);
    return new ScalarNode(this.chunk, this.src.slice(start + 1, lineEnd), double ? 'double' : 'single', start, lineEnd);
  }

  private parseBlockScalar(parentIndent: number): ScalarNode {
    const src = this.src;
    const len = this.len;
    const start = this.pos;
    const folded = src.charCodeAt(start) === GT;
    let p = start + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    let explicit = 0;
    for (let i = 0; i < 2; i++) {
      const c = src.charCodeAt(p);
      if ((c === DASH || c === 43 /* + */) && chomp === 'clip') {
        chomp = c === DASH ? 'strip' : 'keep';
        p++;
      } else if (c >= 49 && c <= 57 && !explicit) {
        explicit = c - 48;
        p++;
      }
    }
    const headerEnd = p;
    this.pos = p;
    this.finishLine();
    let contentIndent = explicit ? Math.max(parentIndent, 0) + explicit : -1;
    const lines: string[] = [];
    let lastContentEnd = -1;
    let leadingBlankIndent = -1;
    // `resume`: start of the first line that is not part of the scalar.
    let q = this.pos;
    let resume = q;
    while (q < len) {
      const lineStart = q;
      while (src.charCodeAt(q) === SPACE) q++;
      const indent = q - lineStart;
      const lineEnd = this.lineEnd(q);
      // Before the first content line any whitespace-only line is empty; after it, a tab past the
      // indentation is content (a more-indented line).
      const blank = contentIndent < 0 ? isAllWhite(src, q, lineEnd) : q === lineEnd;
      if (src.charCodeAt(q) === TAB && (contentIndent < 0 || indent < contentIndent)) {
        this.error(q, q + 1, 'Tabs are not allowed in indentation; use spaces.');
      }
      if (blank && (contentIndent < 0 || indent <= contentIndent)) {
        if (contentIndent < 0) leadingBlankIndent = Math.max(leadingBlankIndent, lineEnd - lineStart);
        lines.push('');
      } else {
        if (contentIndent < 0) {
          if (indent <= parentIndent) break;
          contentIndent = indent;
          if (leadingBlankIndent > contentIndent) {
            this.error(lineStart, lineEnd, 'A block scalar whose leading empty lines are indented more than its first line needs an explicit indentation indicator (e.g. `|2`).');
          }
        }
        if (indent < contentIndent || (indent === 0 && isDocMarkerAt(src, lineStart))) break;
        lines.push(src.slice(lineStart + contentIndent, lineEnd));
        lastContentEnd = lineEnd;
      }
      q = lineEnd;
      if (src.charCodeAt(q) === CR) q++;
      if (src.charCodeAt(q) === LF) q++;
      resume = q;
    }
    // Trailing empty lines are chomped; a whitespace-only line indented past the content is content.
    let trailing = 0;
    while (trailing < lines.length && lines[lines.length - 1 - trailing] === '') trailing++;
    const body = lines.slice(0, lines.length - trailing);
    let value = folded ? foldLines(body) : body.join('\n');
    if (chomp !== 'strip' && body.length) value += '\n';
    if (chomp === 'keep') value += '\n'.repeat(trailing);
    // The node ends with its last content line; the lines after it are left for the next peek.
    this.pos = lastContentEnd >= 0 ? lastContentEnd : resume;
    this.lineStart = lineStartBefore(src, this.pos);
    const end = lastContentEnd >= 0 ? lastContentEnd : headerEnd;
    return new ScalarNode(this.chunk, value, folded ? 'folded' : 'literal', start, end);
  }

  // ---------------------------------------------------------------- flow collections

  private parseFlowCollection(parentIndent: number, nested = false): MapNode | SeqNode {
    const src = this.src;
    const start = this.pos;
    const isMap = src.charCodeAt(start) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const column = start - this.lineStart;
    const node: MapNode | SeqNode = isMap ? new MapNode(this.chunk, start, start + 1, true, column) : new SeqNode(this.chunk, start, start + 1, true, column);
    if (!this.enter(start)) {
      // Skip the whole over-deep branch, so the brackets around it still find their closers.
      this.pos = this.flowEnd(start);
      this.lineStart = lineStartBefore(src, this.pos);
      node.end = this.pos;
      return node;
    }
    this.pos++;
    let closed = false;
    const space = (): boolean => this.skipFlowSpace(parentIndent, !nested);
    for (;;) {
      if (!space()) break;
      const c = src.charCodeAt(this.pos);
      if (c === close) {
        this.pos++;
        closed = true;
        break;
      }
      if (c === COMMA) {
        this.error(this.pos, this.pos + 1, 'Unexpected `,`: a value is missing before it.');
        this.pos++;
        continue;
      }
      if (c === RBRACE || c === RBRACKET) {
        this.error(this.pos, this.pos + 1, `Unexpected \`${String.fromCharCode(c)}\`; expected \`${String.fromCharCode(close)}\`.`);
        this.pos++;
        continue;
      }
      const entryStart = this.pos;
      // `? key` marks an explicit key: in a flow sequence it makes a one-pair mapping even without `:`.
      const explicitKey = c === QUESTION && isFlowValueEnd(src.charCodeAt(this.pos + 1));
      if (explicitKey) {
        this.pos++;
        if (!space()) break;
      }
      const first = this.parseFlowNode(parentIndent);
      if (!space()) {
        this.addFlowEntry(node, entryStart, first, explicitKey ? this.emptyScalar(first.end) : null, -1);
        break;
      }
      let value: YamlNode | null = explicitKey ? this.emptyScalar(first.end) : null;
      let colon = -1;
      if (src.charCodeAt(this.pos) === COLON) {
        colon = this.pos;
        this.pos++;
        if (!space()) {
          this.addFlowEntry(node, entryStart, first, this.emptyScalar(colon + 1), colon);
          break;
        }
        const d = src.charCodeAt(this.pos);
        value = d === COMMA || d === close ? this.emptyScalar(colon + 1) : this.parseFlowNode(parentIndent);
        if (!space()) {
          this.addFlowEntry(node, entryStart, first, value, colon);
          break;
        }
      }
      this.addFlowEntry(node, entryStart, first, value, colon);
      const d = src.charCodeAt(this.pos);
      if (d === COMMA) {
        this.pos++;
      } else if (d !== close) {
        this.error(this.pos, this.pos + 1, `Expected \`,\` or \`${String.fromCharCode(close)}\`.`);
        if (d === RBRACE || d === RBRACKET) this.pos++;
        else if (!isWhiteOrEnd(d) && d !== LBRACE && d !== LBRACKET && d !== DQUOTE && d !== SQUOTE) this.pos++;
      }
    }
    this.depth--;
    if (!closed) {
      this.error(start, start + 1, `Missing closing \`${String.fromCharCode(close)}\`.`);
    }
    node.end = closed ? this.pos : Math.max(this.lastFlowEnd(node), start + 1);
    if (isMap) this.checkDuplicateKeys(node as MapNode);
    return node;
  }

  /**
   * Just past the bracket that closes the flow collection opened at `start` (brackets inside quotes
   * and comments do not count), or the end of its line when nothing closes it.
   */
  private flowEnd(start: number): number {
    const src = this.src;
    let open = 0;
    for (let i = start; i < this.len; i++) {
      const c = src.charCodeAt(i);
      if (c === LBRACKET || c === LBRACE) open++;
      else if ((c === RBRACKET || c === RBRACE) && --open === 0) return i + 1;
      else if (c === HASH && isWhite(src.charCodeAt(i - 1))) i = this.lineEnd(i) - 1;
      else if (c === DQUOTE || c === SQUOTE) {
        for (i++; i < this.len; i++) {
          const d = src.charCodeAt(i);
          if (c === DQUOTE && d === BACKSLASH) i++;
          else if (d === c && !(c === SQUOTE && src.charCodeAt(i + 1) === SQUOTE)) break;
          else if (d === SQUOTE && c === SQUOTE) i++;
        }
      }
    }
    return this.lineEnd(start);
  }

  private lastFlowEnd(node: MapNode | SeqNode): number {
    if (node.kind === 'map') return node.pairs.length ? node.pairs[node.pairs.length - 1].end : node.start + 1;
    return node.items.length ? node.items[node.items.length - 1].end : node.start + 1;
  }

  private addFlowEntry(node: MapNode | SeqNode, start: number, first: YamlNode, value: YamlNode | null, colon: number): void {
    if (node.kind === 'seq' && value === null) {
      first.parent = node;
      node.items.push(first);
      return;
    }
    // `{a: 1}` entries, `{a}` set-like entries and `[a: 1]` single-pair maps.
    let map: MapNode;
    if (node.kind === 'map') {
      map = node;
    } else {
      map = new MapNode(this.chunk, start, start, true, start - this.lineStart);
      map.parent = node;
      node.items.push(map);
    }
    let key: ScalarNode;
    if (first.kind === 'scalar') {
      key = first;
      if (typeof key.value !== 'string') {
        key.value = key.style === 'empty' ? '' : key.source ?? String(key.value);
        key.source = undefined;
      }
    } else {
      this.error(first.start, first.end, 'Only plain or quoted values can be mapping keys.');
      key = new ScalarNode(this.chunk, this.src.slice(first.start, first.end), 'plain', first.start, first.end);
    }
    const v = value ?? this.emptyScalar(key.end);
    const pair = new PairNode(this.chunk, start, Math.max(v.end, colon + 1, key.end), map, key, colon);
    pair.value = v;
    key.parent = pair;
    v.parent = pair;
    map.pairs.push(pair);
    if (map !== node) map.end = pair.end;
  }

  /** Skip spaces, line breaks and comments inside a flow collection; false at the end or at a dedent. */
  private skipFlowSpace(parentIndent: number, mayCloseAtParent = false): boolean {
    const src = this.src;
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (c === SPACE || c === TAB) {
        this.pos++;
      } else if (c === HASH && (this.pos === this.lineStart || isWhite(src.charCodeAt(this.pos - 1)))) {
        this.pos = this.lineEnd(this.pos);
      } else if (c === LF || c === CR) {
        const save = this.pos;
        const saveLine = this.lineStart;
        this.newline();
        let p = this.pos;
        while (src.charCodeAt(p) === SPACE) p++;
        const d = src.charCodeAt(p);
        if (d === TAB) {
          let e = p;
          while (isWhite(src.charCodeAt(e))) e++;
          if (!isWhiteOrEnd(src.charCodeAt(e))) this.error(p, p + 1, 'Tabs are not allowed in indentation; use spaces.');
        }
        if (isWhiteOrEnd(d) || d === HASH) continue;
        // Continuation lines must be indented past the block that holds the collection (the closing
        // bracket may sit at its column); a line that is not means the bracket was never closed.
        const indent = p - this.lineStart;
        const closing = d === RBRACKET || d === RBRACE;
        if ((indent === 0 && isDocMarkerAt(src, p)) || indent < parentIndent || (indent === parentIndent && !(closing && mayCloseAtParent))) {
          this.pos = save;
          this.lineStart = saveLine;
          return false;
        }
      } else {
        return this.pos < this.len;
      }
    }
  }

  private parseFlowNode(parentIndent: number): YamlNode {
    const src = this.src;
    const props = this.parseProps();
    if (props && (isBreakOrEnd(src.charCodeAt(this.pos)) || src.charCodeAt(this.pos) === HASH)) this.skipFlowSpace(parentIndent);
    const c = src.charCodeAt(this.pos);
    if ((c === DASH && isFlowValueEnd(src.charCodeAt(this.pos + 1))) || c === PIPE || c === GT) {
      this.error(this.pos, this.pos + 1, `\`${String.fromCharCode(c)}\` starts a block value, which cannot appear inside [ ] or { }.`);
    } else if (c === HASH || c === PERCENT || c === AT || c === BACKTICK || (c === QUESTION && isFlowValueEnd(src.charCodeAt(this.pos + 1)))) {
      this.error(this.pos, this.pos + 1, `A plain value cannot start with \`${String.fromCharCode(c)}\`; quote it.`);
    }
    let node: YamlNode;
    if (props && c === STAR) this.error(props.start, this.pos, 'An alias cannot have an anchor or tag.');
    if (c === LBRACKET || c === LBRACE) node = this.parseFlowCollection(parentIndent, true);
    else if (c === HASH) node = this.emptyScalar(this.pos++);
    else if (c === DQUOTE || c === SQUOTE) node = this.parseQuoted(parentIndent);
    else if (c === STAR) node = this.parseAlias(true);
    else if (c === COMMA || c === RBRACKET || c === RBRACE || (c === COLON && isFlowValueEnd(src.charCodeAt(this.pos + 1)))) node = this.emptyScalar(this.pos);
    else node = this.parseFlowPlain(parentIndent);
    return this.withProps(node, props);
  }

  private parseFlowPlain(parentIndent: number): ScalarNode {
    const src = this.src;
    const start = this.pos;
    let p = start;
    let end = start;
    let text = '';
    let segStart = start;
    for (;;) {
      const c = src.charCodeAt(p);
      if (p >= this.len || isFlowIndicator(c)) break;
      if (c === COLON && isFlowValueEnd(src.charCodeAt(p + 1))) break;
      if (c === HASH && p > start && isWhite(src.charCodeAt(p - 1))) break;
      if (c === LF || c === CR) {
        // A plain scalar may continue on the next line inside a flow collection.
        let q = p;
        let blank = -1;
        let lineStart = q;
        while (q < this.len && (src.charCodeAt(q) === LF || src.charCodeAt(q) === CR || isWhite(src.charCodeAt(q)))) {
          const d = src.charCodeAt(q);
          if (d === LF) {
            blank++;
            lineStart = q + 1;
          }
          q++;
        }
        const d = src.charCodeAt(q);
        if (q >= this.len || isFlowIndicator(d) || d === HASH || (d === COLON && isFlowValueEnd(src.charCodeAt(q + 1))) || q - lineStart <= parentIndent) break;
        text += src.slice(segStart, end) + (blank > 0 ? '\n'.repeat(blank) : ' ');
        segStart = q;
        p = q;
        this.lineStart = lineStart;
        continue;
      }
      if (c !== SPACE && c !== TAB) end = p + 1;
      p++;
    }
    text += src.slice(segStart, end);
    this.pos = end;
    return this.plainScalar(text, start, end);
  }

  // ---------------------------------------------------------------- errors

  error(start: number, end: number, message: string): void {
    this.errors.push({ start, end: Math.max(end, start), message, code: 'yaml-syntax', severity: 'error' });
  }

  private warning(start: number, end: number, message: string): void {
    this.errors.push({ start, end, message, code: 'yaml-warning', severity: 'warning' });
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

/**
 * A copy of `s` that shares no memory with the text it was cut from. V8 keeps a substring of 13 or
 * more characters as a view into its parent string, and the view keeps the whole parent alive: a
 * node that outlives its text version would keep every such version (2.5 MB each at 5,000
 * features) in memory. Concatenating and cutting again makes V8 copy the characters.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
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

function isFlowValueEnd(c: number): boolean {
  return isWhiteOrEnd(c) || c === COMMA || c === RBRACKET || c === RBRACE;
}

function isAllWhite(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWhite(src.charCodeAt(i))) return false;
  return true;
}

function isDocMarkerAt(src: string, p: number): boolean {
  const c = src.charCodeAt(p);
  return (c === DASH || c === DOT) && src.charCodeAt(p + 1) === c && src.charCodeAt(p + 2) === c && isWhiteOrEnd(src.charCodeAt(p + 3)) && (p === 0 || src.charCodeAt(p - 1) === LF || src.charCodeAt(p - 1) === CR);
}

export function trimEndOffset(src: string, from: number, to: number): number {
  while (to > from && isWhite(src.charCodeAt(to - 1))) to--;
  return to;
}

export function lineStartBefore(src: string, p: number): number {
  while (p > 0) {
    const c = src.charCodeAt(p - 1);
    if (c === LF || c === CR) break;
    p--;
  }
  return p;
}

/** Folded block scalar content: single breaks between normal lines become spaces. */
function foldLines(lines: string[]): string {
  let out = '';
  let prev: 'none' | 'normal' | 'more' = 'none';
  let empty = 0;
  for (const line of lines) {
    if (line === '') {
      empty++;
      continue;
    }
    const more = line.charCodeAt(0) === SPACE || line.charCodeAt(0) === TAB;
    if (prev === 'none') out += '\n'.repeat(empty);
    else if (prev === 'normal' && !more) out += empty ? '\n'.repeat(empty) : ' ';
    else out += '\n' + '\n'.repeat(empty);
    out += line;
    prev = more ? 'more' : 'normal';
    empty = 0;
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

function decodeEscape(src: string, p: number): { text: string; next: number; error?: string } {
  const e = src[p + 1];
  if (e === undefined) return { text: '', next: p + 1, error: 'Incomplete escape sequence.' };
  const simple = ESCAPES[e];
  if (simple !== undefined) return { text: simple, next: p + 2 };
  const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (hexLen) {
    const hex = src.slice(p + 2, p + 2 + hexLen);
    if (hex.length === hexLen && /^[0-9a-fA-F]+$/.test(hex)) {
      const cp = parseInt(hex, 16);
      if (cp <= 0x10ffff) return { text: String.fromCodePoint(cp), next: p + 2 + hexLen };
    }
    return { text: '', next: p + 2, error: `Invalid escape \\${e}: expected ${hexLen} hex digits.` };
  }
  return { text: e, next: p + 2, error: `Invalid escape sequence \\${e}.` };
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** YAML 1.2 core schema resolution of a plain scalar (what the `yaml` package does by default). */
export function resolvePlain(s: string): string | number | boolean | null {
  const c = s.charCodeAt(0);
  // Most values start with a letter that cannot begin a null, boolean or number.
  if (c >= 97 && c <= 122 && c !== 110 && c !== 116 && c !== 102) return s;
  if (c >= 65 && c <= 90 && c !== 78 && c !== 84 && c !== 70) return s;
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return Infinity;
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return -Infinity;
    case '.nan':
    case '.NaN':
    case '.NAN':
      return NaN;
  }
  if (INT.test(s)) return parseInt(s, 10);
  if (s.length > 2 && s.charCodeAt(0) === 48) {
    if (s[1] === 'o' && /^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
    if (s[1] === 'x' && /^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  }
  if (FLOAT.test(s)) return parseFloat(s);
  return s;
}

export function parseYaml(text: string): YamlDocument {
  return new YamlParser(text).parseDocument();
}

export type { Parent };
