// Converts OpenMetadata's JSON Schemas into a set yaml-language-server can load offline:
// - `$id`s are absolute (https://open-metadata.org/schema/...) while `$ref`s are relative, so a
//   loader that honours `$id` resolves every `$ref` to the network. Dropping `$id` makes the refs
//   resolve against the file each schema is read from.
// - Patterns use Java's `(?U)` flag (UNICODE_CHARACTER_CLASS), a syntax error in JavaScript; they
//   become JavaScript `u`-mode patterns with Java's Unicode definitions of \w, \d and \s.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

// java.util.regex.Pattern, UNICODE_CHARACTER_CLASS: \w = [\p{Alpha}\p{gc=Mn}\p{gc=Me}\p{gc=Mc}\p{Digit}\p{gc=Pc}\p{IsJoin_Control}]
const WORD = String.raw`\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}`;
const DIGIT = String.raw`\p{Nd}`;
const SPACE = String.raw`\p{White_Space}`;
const CLASS_BODY: Record<string, string> = { w: WORD, d: DIGIT, s: SPACE };

/** A Java pattern as a JavaScript pattern for `new RegExp(p, 'u')`, with `(?U)` semantics kept. */
export function javaPatternToJs(pattern: string): string {
  if (!pattern.includes('(?U)')) return pattern;
  const source = pattern.replace('(?U)', '');
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1];
      i++;
      const body = CLASS_BODY[next.toLowerCase()];
      if (!body) {
        out += c + next;
      } else if (next === next.toLowerCase()) {
        out += inClass ? body : `[${body}]`;
      } else {
        if (inClass) throw new Error(`negated class escape \\${next} inside a class is not supported: ${pattern}`);
        out += `[^${body}]`;
      }
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function convertNode(node: Json, isRoot: boolean): Json {
  if (Array.isArray(node)) return node.map((n) => convertNode(n, false));
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (isRoot && key === '$id') continue;
    if (key === 'pattern' && typeof value === 'string') {
      out[key] = javaPatternToJs(value);
      new RegExp(out[key] as string, 'u');
    } else if (key === 'patternProperties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([p, s]) => [javaPatternToJs(p), convertNode(s, false)]));
    } else {
      out[key] = convertNode(value, false);
    }
  }
  return out;
}

function refsOf(node: Json, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsOf(value, found);
    }
  }
  return found;
}

/** The converted schemas reachable from `rootRel` by `$ref`, keyed by path relative to `sourceRoot`. */
export function convertSchemaClosure(sourceRoot: string, rootRel: string): Map<string, Json> {
  const result = new Map<string, Json>();
  const pending = [normalize(rootRel)];
  while (pending.length) {
    const rel = pending.pop()!;
    if (result.has(rel)) continue;
    const schema = JSON.parse(readFileSync(join(sourceRoot, rel), 'utf8')) as Json;
    result.set(rel, convertNode(schema, true));
    for (const ref of refsOf(schema)) {
      const file = ref.split('#')[0];
      if (!file) continue;
      if (/^[a-z]+:/i.test(file)) throw new Error(`${rel}: absolute $ref ${ref} cannot be resolved offline`);
      pending.push(normalize(join(dirname(rel), file)));
    }
  }
  return result;
}
