// The result table: one row per figure and model, median / min / max for each server, the ratio
// ours/theirs of the medians, the target for ours and its anchor for yaml-language-server.

export type Unit = 'ms' | 'MB' | 'KB';

export interface Row {
  figure: string;
  model: string;
  unit: Unit;
  ours?: number[];
  theirs?: number[];
  /** Why a side has no figure. */
  oursMissing?: string;
  theirsMissing?: string;
  /** Upper bound for ours' median, from the issue. */
  target?: number;
  /** yaml-language-server as measured in the issue, e.g. '603'. */
  anchor?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function format(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(0);
  return value.toFixed(1);
}

function cells(samples: number[] | undefined, missing: string | undefined, unit: Unit): [string, string] {
  if (!samples?.length) return [missing ? '—' : '', ''];
  const main = `${format(median(samples))} ${unit}`;
  return [main, samples.length > 1 ? `${format(Math.min(...samples))}–${format(Math.max(...samples))}` : ''];
}

/** `theirs` names the other side's columns: yaml-ls in the editor table, ajv-cli in the CI one. */
export function renderTable(rows: Row[], theirs = 'yaml-ls'): string {
  const header = ['figure', 'model', `n ours/${theirs}`, 'ours', 'ours min–max', theirs, `${theirs} min–max`, `ours/${theirs}`, 'target (ours)', `anchor (${theirs})`];
  const body = rows.map((r) => {
    const [om, or] = cells(r.ours, r.oursMissing, r.unit);
    const [tm, tr] = cells(r.theirs, r.theirsMissing, r.unit);
    const n = [r.ours, r.theirs].filter((x) => x?.length).map((x) => x!.length).join('/');
    const ratio = r.ours?.length && r.theirs?.length ? (median(r.ours) / median(r.theirs)).toPrecision(2) : '';
    const target =
      r.target === undefined ? '' : `≤ ${format(r.target)} ${r.unit}${r.ours?.length ? (median(r.ours) <= r.target ? '  ✓' : '  ✗') : ''}`;
    return [r.figure, r.model, n, om, or, tm, tr, ratio, target, r.anchor ? `${r.anchor} ${r.unit}` : ''];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const line = (cols: string[]): string =>
    cols.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The reasons behind every '—', once each. */
export function renderMissing(rows: Row[], theirs = 'yaml-ls'): string[] {
  const reasons = new Set<string>();
  for (const r of rows) {
    if (!r.ours?.length && r.oursMissing) reasons.add(`ours: ${r.oursMissing}`);
    if (!r.theirs?.length && r.theirsMissing) reasons.add(`${theirs}: ${r.theirsMissing}`);
  }
  return [...reasons];
}
