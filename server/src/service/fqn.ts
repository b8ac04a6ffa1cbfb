// OpenMetadata fully qualified names (FullyQualifiedName.java, fqn.py): parts joined by `.`,
// a part containing a dot wrapped in double quotes: sample_data.ecommerce_db.shopify."dim.product".

/** The longest FQN OpenMetadata stores (`fullyQualifiedEntityName` in its schema). */
export const MAX_FQN_LENGTH = 3072;

/** Quote a name the way OpenMetadata does: only when it contains a dot. */
export function quoteName(name: string): string {
  const quoted = /^"([^"]+)"$/.exec(name);
  if (quoted) return quoted[1].includes('.') ? name : quoted[1];
  if (name.includes('"')) throw new Error(`Invalid name ${name}: a name cannot contain a double quote`);
  return name.includes('.') ? `"${name}"` : name;
}

export function joinFqn(...parts: string[]): string {
  return parts.map(quoteName).join('.');
}

/** Split an FQN into its unquoted parts; undefined when the quoting is broken. */
export function splitFqn(fqn: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  while (i <= fqn.length) {
    if (fqn[i] === '"') {
      const close = fqn.indexOf('"', i + 1);
      if (close < 0 || (close + 1 < fqn.length && fqn[close + 1] !== '.')) return undefined;
      parts.push(fqn.slice(i + 1, close));
      i = close + 2;
    } else {
      const dot = fqn.indexOf('.', i);
      const end = dot < 0 ? fqn.length : dot;
      const part = fqn.slice(i, end);
      if (part.includes('"')) return undefined;
      parts.push(part);
      i = end + 1;
    }
    if (i === fqn.length + 1) break;
  }
  return parts.some((p) => p === '') ? undefined : parts;
}

/** The FQN written with OpenMetadata's canonical quoting (`a."b.c"`), or undefined if unparsable. */
export function normalizeFqn(fqn: string): string | undefined {
  const parts = splitFqn(fqn);
  return parts && joinFqn(...parts);
}

/** For `/name/{fqn}` paths: every reserved character escaped, quotes and slashes included. */
export function encodeFqnForPath(fqn: string): string {
  return encodeURIComponent(fqn);
}
