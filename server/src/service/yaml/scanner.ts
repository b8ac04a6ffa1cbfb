// The parser's base: character classes, the reading position over lines, nesting depth and error
// reporting. ./scalar.ts, ./flow.ts and ./parser.ts each add a layer on top (scalars, flow
// collections, then block collections and the document); only ./parser.ts is used from outside.

import { Chunk, type MapNode, type PairNode, type YamlError } from './ast';

export const LF = 10, CR = 13, SPACE = 32, TAB = 9, HASH = 35, COLON = 58, DASH = 45, DOT = 46;
export const DQUOTE = 34, SQUOTE = 39, LBRACKET = 91, RBRACKET = 93, LBRACE = 123, RBRACE = 125, COMMA = 44;
export const AMP = 38, STAR = 42, BANG = 33, PIPE = 124, GT = 62, QUESTION = 63, PERCENT = 37, BACKSLASH = 92;
export const AT = 64, BACKTICK = 96, BOM = 0xfeff;

/** Largest nesting the parser follows; deeper input is reported instead of overflowing the stack. */
export const MAX_DEPTH = 500;

export function isWhite(c: number): boolean {
  return c === SPACE || c === TAB;
}

export function isBreakOrEnd(c: number): boolean {
  // NaN (past the end) counts as end.
  return c === LF || c === CR || c !== c;
}

export function isWhiteOrEnd(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || c !== c;
}

export function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

export function isDocMarkerAt(src: string, p: number): boolean {
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

/**
 * A copy of `s` that shares no memory with the text it was cut from. V8 keeps a substring of 13 or
 * more characters as a view into its parent string, and the view keeps the whole parent alive: a
 * node that outlives its text version would keep every such version (2.5 MB each at 5,000
 * features) in memory. Concatenating and cutting again makes V8 copy the characters.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/** Reports every key that repeats an earlier key of `map` (incremental reparse redoes this per map). */
export function pushDuplicateKeyErrors(map: MapNode, out: YamlError[]): void {
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
      out.push({
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

export abstract class Scanner {
  protected readonly errors: YamlError[] = [];
  protected pos = 0;
  /** Start offset of the line `pos` is on. */
  protected lineStart = 0;
  /** Set by peekContent when the next content line is a `---` or `...` marker. */
  protected atDocMarker = false;
  /** Nesting of collections being parsed, checked against MAX_DEPTH. */
  protected depth = 0;
  /** The chunk new nodes belong to. */
  protected chunk = new Chunk();
  protected readonly len: number;

  constructor(protected readonly src: string) {
    this.len = src.length;
  }

  // ---------------------------------------------------------------- lines

  protected lineEnd(p: number): number {
    const src = this.src;
    while (p < this.len) {
      const c = src.charCodeAt(p);
      if (c === LF || c === CR) break;
      p++;
    }
    return p;
  }

  /** At a line break (or end): move to the start of the next line. */
  protected newline(): void {
    const src = this.src;
    if (src.charCodeAt(this.pos) === CR) this.pos++;
    if (src.charCodeAt(this.pos) === LF) this.pos++;
    this.lineStart = this.pos;
  }

  /** Skip the rest of the current line: whitespace and a comment are fine, anything else is reported. */
  protected finishLine(): void {
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
  protected peekContent(): boolean {
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

  protected column(): number {
    return this.pos - this.lineStart;
  }

  protected enter(at: number): boolean {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      this.error(at, this.lineEnd(at), `The document nests deeper than ${MAX_DEPTH} levels; the rest of this branch is ignored.`);
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- errors

  protected checkDuplicateKeys(map: MapNode): void {
    pushDuplicateKeyErrors(map, this.errors);
  }

  /** `readTo`: see YamlError. */
  protected error(start: number, end: number, message: string, readTo?: number): void {
    const error: YamlError = { start, end: Math.max(end, start), message, code: 'yaml-syntax', severity: 'error' };
    if (readTo !== undefined) error.readTo = readTo;
    this.errors.push(error);
  }

  protected warning(start: number, end: number, message: string): void {
    this.errors.push({ start, end, message, code: 'yaml-warning', severity: 'warning' });
  }
}
