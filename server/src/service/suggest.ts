// "Did you mean …" suggestions for unknown keys, enum values and catalog names.

/**
 * Optimal string alignment distance (Levenshtein with transpositions), capped at `max` + 1. Also the
 * sandbox's search fuzziness (Elasticsearch counts a transposition as one edit too).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Up to `limit` candidates close to `word`, best first: same letters in another case, then small
 * edit distances (relative to the length), then candidates that start with or contain the word.
 */
export function suggest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = word.toLowerCase();
  const max = Math.max(1, Math.floor(word.length / 3));
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    if (c === word) continue;
    const cl = c.toLowerCase();
    let score: number;
    if (cl === lower) score = 0;
    else {
      const d = editDistance(lower, cl, max);
      if (d <= max) score = d;
      else if (lower.length >= 3 && (cl.startsWith(lower) || lower.startsWith(cl))) score = max + 1;
      else if (lower.length >= 4 && cl.includes(lower)) score = max + 2;
      else continue;
    }
    scored.push([score, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || x[1].length - y[1].length || (x[1] < y[1] ? -1 : 1));
  return scored.slice(0, limit).map(([, c]) => c);
}

/** "`a`, `b` or `c`" */
export function orList(items: readonly string[]): string {
  const q = items.map((i) => `\`${i}\``);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}
