// Flow collections: `[a, b]` and `{k: v}`, possibly over several lines.

import { MapNode, PairNode, ScalarNode, SeqNode, type YamlNode } from './ast';
import {
  AT, BACKSLASH, BACKTICK, COLON, COMMA, CR, DASH, DQUOTE, GT, HASH, LBRACE, LBRACKET, LF, PERCENT, PIPE, QUESTION, RBRACE, RBRACKET, SPACE, SQUOTE, STAR, TAB,
  isBreakOrEnd, isDocMarkerAt, isFlowIndicator, isWhite, isWhiteOrEnd, lineStartBefore,
} from './scanner';
import { ScalarParser } from './scalar';

export abstract class FlowParser extends ScalarParser {
  /** Where skipFlowSpace last gave up: the first character of the line that ends the collection, or the end of the text. */
  private flowStop = 0;

  protected parseFlowCollection(parentIndent: number, nested = false): MapNode | SeqNode {
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
      this.error(start, start + 1, `Missing closing \`${String.fromCharCode(close)}\`.`, this.lineEnd(this.flowStop));
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
          this.flowStop = p;
          this.pos = save;
          this.lineStart = saveLine;
          return false;
        }
      } else if (this.pos < this.len) {
        return true;
      } else {
        this.flowStop = this.len;
        return false;
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
}

function isFlowValueEnd(c: number): boolean {
  return isWhiteOrEnd(c) || c === COMMA || c === RBRACKET || c === RBRACE;
}
