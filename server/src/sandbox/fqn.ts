// The sandbox's own FullyQualifiedName (upstream openmetadata-service util/FullyQualifiedName.java),
// written apart from the product's service/fqn.ts so the two can disagree. How a name containing
// `"` is quoted depends on the server version (ServerRules.quoteInName):
//   reject    – quoteName throws "Invalid name <name>" (1.5; FullyQualifiedName.java @0108dc5f)
//   backslash – the quote is written `\"`, the part never wrapped in quotes (@9c906918, PR #20090's report)
//   double    – wrapped in quotes, inner quotes doubled: a"b → "a""b" (PR #28697, June 2026)
import { badRequest } from './http/apiError';
import type { ServerRules } from './serverVersions';

type Quoting = ServerRules['quoteInName'];

/** `FullyQualifiedName.quoteName`; 400 "Invalid name <name>" where upstream throws. */
export function quoteName(name: string, quoting: Quoting): string {
  const quoted = /^"([^"]+)"$/.exec(name);
  if (quoted) return quoted[1].includes('.') ? name : quoted[1];
  if (quoting === 'double' && /^"(?:[^"]|"")*"$/.test(name)) return name;
  if (!name.includes('"')) return name.includes('.') ? `"${name}"` : name;
  if (quoting === 'reject') throw badRequest(`Invalid name ${name}`);
  // "Allow names with quotes" (@9c906918): escaped, never wrapped, even around a dot.
  if (quoting === 'backslash') return name.replace(/"/g, '\\"');
  return `"${name.replace(/"/g, '""')}"`;
}

/** `FullyQualifiedName.add(parent, name)`: Java concatenates a null parent as "null". */
export function addToFqn(parent: string | undefined, name: string, quoting: Quoting): string {
  return `${parent ?? 'null'}.${quoteName(name, quoting)}`;
}

/**
 * The unquoted parts of an FQN, reading every quoting a version writes (`"a.b"`, `"a""b"`, `a\"b`),
 * or undefined when the quoting is broken. Lookups key on these, as upstream's fqnHash does, so
 * `svc."model"` finds `svc.model`.
 */
export function splitFqn(fqn: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    let part = '';
    if (fqn[i] === '"') {
      i++;
      for (;;) {
        if (i >= fqn.length) return undefined;
        if (fqn[i] === '"' && fqn[i + 1] === '"') {
          part += '"';
          i += 2;
        } else if (fqn[i] === '\\' && fqn[i + 1] === '"') {
          part += '"';
          i += 2;
        } else if (fqn[i] === '"') {
          i++;
          break;
        } else part += fqn[i++];
      }
      if (i < fqn.length && fqn[i] !== '.') return undefined;
    } else {
      while (i < fqn.length && fqn[i] !== '.') {
        if (fqn[i] === '\\' && fqn[i + 1] === '"') {
          part += '"';
          i += 2;
        } else part += fqn[i++];
      }
    }
    if (part === '') return undefined;
    parts.push(part);
    if (i >= fqn.length) return parts;
    i++;
  }
}

/** The key two spellings of one FQN share (parts joined by a separator no name contains). */
export function fqnKey(fqn: string): string {
  return splitFqn(fqn)?.join('\u0000') ?? fqn;
}

/** The FQN as the newest servers write it (`a."b.c"`), for prefix matches over stored FQNs. */
export function canonicalFqn(fqn: string): string {
  return splitFqn(fqn)?.map((part) => quoteName(part, 'double')).join('.') ?? fqn;
}
