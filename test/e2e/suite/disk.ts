// What the run left on disk: the host's directories (user data, logs, extensions, browser profile,
// temp), found through MLMODEL_E2E_RUN_DIR and MLMODEL_E2E_USER_DATA, which the runner sets.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function runDir(): string {
  const dir = process.env.MLMODEL_E2E_RUN_DIR;
  assert.ok(dir && fs.existsSync(dir), `MLMODEL_E2E_RUN_DIR (${dir}) is not the host's run dir: run the suite through test/e2e/run.mjs`);
  return dir;
}

export function userDataDir(): string {
  const dir = process.env.MLMODEL_E2E_USER_DATA;
  assert.ok(dir && fs.existsSync(dir), `MLMODEL_E2E_USER_DATA (${dir}) is not the host's user-data dir: run the suite through test/e2e/run.mjs`);
  return dir;
}

/** Every regular file below `root` (links are not followed). */
export function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // removed meanwhile
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(full);
    }
  };
  walk(root);
  return found;
}

export interface Scan {
  files: number;
  bytes: number;
  /** Files holding one of the needles, as `path (needle #i, encoding)`; never the needle itself. */
  hits: string[];
}

/**
 * Reads every file below `roots` and looks for each needle as UTF-8 and as UTF-16 (how browser
 * storage and some databases keep strings).
 */
export function scanFiles(roots: string[], needles: string[]): Scan {
  const patterns = needles.flatMap((needle, i) => [
    { label: `needle #${i + 1}, UTF-8`, bytes: Buffer.from(needle, 'utf8') },
    { label: `needle #${i + 1}, UTF-16`, bytes: Buffer.from(needle, 'utf16le') },
  ]);
  const scan: Scan = { files: 0, bytes: 0, hits: [] };
  for (const file of roots.flatMap(filesUnder)) {
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch {
      continue; // removed meanwhile (a lock, a temp file)
    }
    scan.files += 1;
    scan.bytes += content.length;
    for (const p of patterns) if (content.includes(p.bytes)) scan.hits.push(`${file} (${p.label})`);
  }
  return scan;
}

/** The files of the extension's output channel (*MLModel YAML*) under the host's logs. */
export function outputChannelLogs(): string[] {
  return filesUnder(path.join(userDataDir(), 'logs')).filter((f) => path.basename(f) === 'MLModel YAML.log');
}
