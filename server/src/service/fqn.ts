// OpenMetadata fully qualified names (FullyQualifiedName.java, fqn.py): parts joined by `.`,
// a part containing a dot wrapped in double quotes: sample_data.ecommerce_db.shopify."dim.product".
// A name containing `"` is where servers differ (see NameQuoting); the product must predict the FQN
// the server it talks to computes, so the quoting is chosen from the server's version.

import { atLeast } from './serverVersion';

/** The longest FQN OpenMetadata stores (`fullyQualifiedEntityName` in its schema). */
export const MAX_FQN_LENGTH = 3072;

/**
 * How a server's `FullyQualifiedName.quoteName` writes a name containing `"`:
 * - `reject`: it throws, a 400 `Invalid name …` (up to 1.5; FullyQualifiedName.java @0108dc5f);
 * - `backslash`: `a"b` → `a\"b`, never wrapped, even around a dot ("Allow names with quotes",
 *   @9c906918, from 1.6);
 * - `double`: wrapped, inner quotes doubled, `a"b` → `"a""b"` (PR #28697, from 2.0).
 * Names without a quote are written alike by all three.
 */
export type NameQuoting = 'reject' | 'backslash' | 'double';

export const NEWEST_QUOTING: NameQuoting = 'double';

/**
 * The quoting of an OpenMetadata server version (`1.9.17.6`, `2.0.0-SNAPSHOT`); the newest when
 * the version is unknown (see ./serverVersion.ts for the service's other version rules).
 */
export function nameQuotingOf(serverVersion: string | undefined): NameQuoting {
  if (!atLeast(serverVersion, 1, 6)) return 'reject';
  if (!atLeast(serverVersion, 2, 0)) return 'backslash';
  return 'double';
}

/** What `quoteName` throws where the server refuses a name (its message is the server's). */
export class InvalidNameError extends Error {
  constructor(readonly invalidName: string) {
    super(`Invalid name ${invalidName}`);
  }
}

/** Quote a name the way OpenMetadata does: around a dot, and around a `"` as `quoting` says. */
export function quoteName(name: string, quoting: NameQuoting = NEWEST_QUOTING): string {
  const quoted = /^"([^"]+)"$/.exec(name);
  if (quoted) return quoted[1].includes('.') ? name : quoted[1];
  if (!name.includes('"')) return name.includes('.') ? `"${name}"` : name;
  switch (quoting) {
    case 'reject':
      throw new InvalidNameError(name);
    case 'backslash':
      return name.replace(/"/g, '\\"');
    case 'double':
      // Already written this way (PR #28697 makes quoteName idempotent).
      if (/^"(?:[^"]|"")*"$/.test(name)) return name;
      return `"${name.replace(/"/g, '""')}"`;
  }
}

/** The FQN of these parts, as the newest servers write it. */
export function joinFqn(...parts: string[]): string {
  return joinFqnFor(NEWEST_QUOTING, ...parts);
}

/** The FQN of these parts, as a server with this quoting writes it. Throws InvalidNameError where it refuses. */
export function joinFqnFor(quoting: NameQuoting, ...parts: string[]): string {
  return parts.map((part) => quoteName(part, quoting)).join('.');
}

/**
 * Split an FQN into its unquoted parts, reading every spelling a server writes (`"a.b"`,
 * `"a""b"`, `a\"b`); undefined when the quoting is broken.
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
        } else if (fqn[i] === '"') return undefined;
        else part += fqn[i++];
      }
    }
    if (part === '') return undefined;
    parts.push(part);
    if (i >= fqn.length) return parts;
    i++;
    if (i >= fqn.length) return undefined;
  }
}

/**
 * The FQN written with a server's canonical quoting (`a."b.c"`); undefined if unparsable, or if
 * that server refuses one of its names.
 */
export function normalizeFqn(fqn: string, quoting: NameQuoting = NEWEST_QUOTING): string | undefined {
  const parts = splitFqn(fqn);
  if (!parts) return undefined;
  try {
    return joinFqnFor(quoting, ...parts);
  } catch (e) {
    if (e instanceof InvalidNameError) return undefined;
    throw e;
  }
}

/**
 * The FQN a server gives the model a file names (`FullyQualifiedName.add(service, name)`), or
 * undefined where that server refuses the name.
 */
export function modelFqn(service: string, name: string, quoting: NameQuoting = NEWEST_QUOTING): string | undefined {
  const serviceFqn = normalizeFqn(service, quoting) ?? service;
  try {
    return `${serviceFqn}.${quoteName(name, quoting)}`;
  } catch (e) {
    if (e instanceof InvalidNameError) return undefined;
    throw e;
  }
}

/** The key two spellings of one FQN share (`svc."model"`, `svc.model`), as upstream's FQN hash does. */
export function fqnKey(fqn: string): string {
  return splitFqn(fqn)?.join('\u0000') ?? fqn;
}

/** The FQN of the parent (`Tier` of `Tier.Tier1`); undefined for a one-part or unparsable FQN. */
export function parentFqn(fqn: string): string | undefined {
  const parts = splitFqn(fqn);
  return parts && parts.length > 1 ? joinFqn(...parts.slice(0, -1)) : undefined;
}

/** For `/name/{fqn}` paths: every reserved character escaped, quotes and slashes included. */
export function encodeFqnForPath(fqn: string): string {
  return encodeURIComponent(fqn);
}
