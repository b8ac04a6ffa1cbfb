// Scalars in block context (plain, quoted, literal and folded), and what any inline node may
// carry: anchors, tags, aliases. YAML 1.2 core schema resolution of plain scalars lives here too.

import { AliasNode, ScalarNode, type YamlNode } from './ast';
import {
  AMP, BACKSLASH, BANG, CR, DASH, DQUOTE, GT, HASH, LBRACE, LBRACKET, LF, SPACE, SQUOTE, TAB, COLON,
  isBreakOrEnd, isDocMarkerAt, isFlowIndicator, isWhite, isWhiteOrEnd, lineStartBefore, Scanner, trimEndOffset,
} from './scanner';

export interface Props {
  anchor?: string;
  /** Which definition of the anchor name this is; a later one with the same name wins. */
  anchorId?: number;
  tag?: string;
  start: number;
}

export abstract class ScalarParser extends Scanner {
  /** Anchors or aliases occur. */
  protected hasAliases = false;
  /** Anchors in text order: the node is set once it is parsed (null while it is being parsed). */
  private readonly anchors = new Map<string, { id: number; node: YamlNode | null }>();
  private anchorCount = 0;
  /** Where scanPlainLine saw a `: `, or -1. */
  private plainColon = -1;

  // ---------------------------------------------------------------- scalars

  /** A plain scalar in block context; it may continue on lines indented further than `parentIndent`. */
  protected parsePlain(parentIndent: number, afterKey = false): ScalarNode {
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

  protected plainScalar(text: string, start: number, end: number): ScalarNode {
    const value = resolvePlain(text);
    const node = new ScalarNode(this.chunk, value, 'plain', start, end);
    if (typeof value !== 'string') node.source = text;
    return node;
  }

  protected parseQuoted(parentIndent: number): ScalarNode {
    const src = this.src;
    const start = this.pos;
    const q = src.charCodeAt(start);
    const double = q === DQUOTE;
    let out = '';
    let p = start + 1;
    let segStart = p;
    let lineStart = this.lineStart;
    for (;;) {
      if (p >= this.len) return this.unterminated(start, double, p);
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
            return this.unterminated(start, double, p);
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
            return this.unterminated(start, double, p);
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

  /**
   * An unclosed quote, given up at `stoppedAt`: report it and keep the rest of the opening line as
   * the value, so the lines after it still parse.
   */
  private unterminated(start: number, double: boolean, stoppedAt: number): ScalarNode {
    const lineEnd = trimEndOffset(this.src, start, this.lineEnd(start));
    this.error(start, lineEnd, `Missing closing ${double ? '"' : "'"}: the quoted value is not terminated.`, this.lineEnd(stoppedAt));
    this.pos = lineEnd;
    this.lineStart = lineStartBefore(this.src, lineEnd);
    return new ScalarNode(this.chunk, this.src.slice(start + 1, lineEnd), double ? 'double' : 'single', start, lineEnd);
  }

  protected parseBlockScalar(parentIndent: number): ScalarNode {
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

  protected emptyScalar(at: number): ScalarNode {
    return new ScalarNode(this.chunk, null, 'empty', at, at);
  }

  /** Does the plain text from `p` to the end of its line contain a `: ` mapping indicator? */
  private hasValueIndicator(p: number): boolean {
    const src = this.src;
    for (let c = src.charCodeAt(p); ; c = src.charCodeAt(++p)) {
      if (c === COLON && isWhiteOrEnd(src.charCodeAt(p + 1))) return true;
      if (isBreakOrEnd(c) || (c === HASH && isWhite(src.charCodeAt(p - 1)))) return false;
    }
  }

  // ---------------------------------------------------------------- anchors, tags, aliases

  protected parseProps(): Props | undefined {
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

  protected withProps(node: YamlNode, props: Props | undefined): YamlNode {
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
  protected aliasHasProps(): boolean {
    let p = this.pos - 1;
    while (p >= this.lineStart && isWhite(this.src.charCodeAt(p))) p--;
    let q = p;
    while (q >= this.lineStart && !isWhite(this.src.charCodeAt(q))) q--;
    const c = this.src.charCodeAt(q + 1);
    return p >= this.lineStart && (c === AMP || c === BANG);
  }

  protected parseAlias(inFlow: boolean): AliasNode {
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
}

function isAllWhite(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isWhite(src.charCodeAt(i))) return false;
  return true;
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
