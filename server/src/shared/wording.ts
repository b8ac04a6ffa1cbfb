// How a publish's results are told: its lineage changes, the same in the CLI (`diff`, `publish
// --dry-run`) and in the editor's preview (its title and the comment under the file side), and the
// editor's one-line publish and preview answers. No imports: the extension bundles it.

/** A table that is no longer a source, whose edge a publish leaves, and why. */
export interface KeptEdge {
  table: string;
  reason: string;
}

export interface LineageChanges {
  add: string[];
  remove: string[];
  kept: KeptEdge[];
}

/** A table as a plan holds it (an entity reference). */
interface TableRef {
  id: string;
  fullyQualifiedName?: string;
}

/** How a table is named in reports: its FQN, or its id when the server gave none. */
export const tableName = (t: TableRef): string => t.fullyQualifiedName ?? t.id;

/** `1 table`, `3 tables`. */
export const countTables = (n: number): string => `${n} table${n === 1 ? '' : 's'}`;

/**
 * What a planned lineage adds, removes and leaves, by table name. Nothing while it cannot be known
 * (`afterRestore`: a deleted model's lineage is read once the publish has restored it).
 */
export function lineageChangesOf(lineage: { tables: TableRef[]; present: string[]; remove: TableRef[]; kept: KeptEdge[]; afterRestore?: boolean }): LineageChanges {
  if (lineage.afterRestore) return { add: [], remove: [], kept: [] };
  return { add: lineage.tables.map(tableName).filter((t) => !lineage.present.includes(t)), remove: lineage.remove.map(tableName), kept: lineage.kept };
}

/** Said of a restore's lineage in its summary, since its changes cannot be listed before it. */
export const LINEAGE_AFTER_RESTORE = 'its lineage is checked once it is restored (OpenMetadata shows no lineage of a deleted model)';

/** One line per kind of change, e.g. `lineage to remove: t1, t2 (no longer a feature source)`. */
export function lineageChangeLines(changes: LineageChanges): string[] {
  const lines: string[] = [];
  if (changes.add.length) lines.push(`lineage to add: ${changes.add.join(', ')}`);
  if (changes.remove.length) lines.push(`lineage to remove: ${changes.remove.join(', ')} (no longer a feature source)`);
  for (const k of changes.kept) lines.push(`lineage kept: ${k.table} (no longer a feature source, but ${k.reason})`);
  return lines;
}

/** For a title, e.g. `; new lineage from 1 table; lineage removed from 2 tables`; empty when nothing changes. */
export function lineageChangeSummary(changes: Pick<LineageChanges, 'add' | 'remove'>): string {
  return (changes.add.length ? `; new lineage from ${countTables(changes.add.length)}` : '') + (changes.remove.length ? `; lineage removed from ${countTables(changes.remove.length)}` : '');
}

/** `1 problem`, `3 problems`. */
const countProblems = (n: number): string => `${n} problem${n === 1 ? '' : 's'}`;

/**
 * What stops a publish, counted as the Problems view lists it: `1 problem stops the publish`,
 * `3 problems stop the publish`. `hidden`: the messages of blocking problems that
 * `mlmodel.diagnostics.severity` turns off (the Problems view does not list them), so the first is
 * quoted: nothing else shows it.
 */
export function stoppingProblems(shown: number, hidden: readonly string[] = []): string {
  const stop = (n: number) => (n === 1 ? 'stops' : 'stop');
  if (!hidden.length) return `${countProblems(shown)} ${stop(shown)} the publish`;
  const off = 'that mlmodel.diagnostics.severity turns off';
  const first = hidden[0].replace(/\.$/, '');
  if (!shown) return `${countProblems(hidden.length)} ${off} ${stop(hidden.length)} the publish: ${first}`;
  return `${countProblems(shown)} ${stop(shown)} the publish, and ${hidden.length} more ${off}: ${first}`;
}

/** Why Publish did nothing: the file's problems, listed in the Problems view. */
export const notPublished = (shown: number, hidden?: readonly string[]): string => `Not published: ${stoppingProblems(shown, hidden)}.`;

/** Why Preview shows nothing: the file's problems, which would stop a publish. */
export const nothingToPreview = (shown: number, hidden?: readonly string[]): string => `Nothing to preview: ${stoppingProblems(shown, hidden)}.`;

/** A lineage edge a publish could not write or remove, and why. */
export interface LineageFailure {
  table: string;
  message: string;
}

/** What a publish did, as its one-line message needs it. */
export interface PublishedModel {
  fqn: string;
  action: 'create' | 'update' | 'restore' | 'unchanged';
  version: number;
  /** The plan's summary, e.g. `0.1 → 1.1: algorithm changed (major)`. */
  summary: string;
  /** How many source tables the file names. */
  tables: number;
  written: number;
  removed: string[];
  failed: LineageFailure[];
  removeFailed: LineageFailure[];
}

/** The editor's message after a publish: what changed, the lineage, and what to do when part of it failed. */
export function publishedMessage(p: PublishedModel): string {
  // A restore's summary was written before it: once done, it is said in the past, and its lineage
  // (read after the restore) is told by what follows.
  const what = p.action === 'create' ? `created, version ${p.version}` : p.action === 'restore' ? p.summary.replace(/^restores/, 'restored').replace(`; ${LINEAGE_AFTER_RESTORE}`, '') : p.summary;
  const removed = p.removed.length ? `; lineage removed from ${p.removed.join(', ')} (no longer a feature source)` : '';
  if (p.failed.length || p.removeFailed.length) {
    const list = (failures: LineageFailure[]) => failures.map((f) => `${f.table} (${f.message})`).join('; ');
    const failed = [
      p.failed.length ? `lineage from ${list(p.failed)} was not written` : '',
      p.removeFailed.length ? `the stale lineage from ${list(p.removeFailed)} was not removed` : '',
    ].filter(Boolean);
    return `Published ${p.fqn}: ${what}${removed}, but ${failed.join(' and ')}. Publish again to complete it.`;
  }
  const lineage = p.tables ? `lineage from ${p.written} of ${countTables(p.tables)}` : 'no lineage (no feature names a source table)';
  return `Published ${p.fqn}: ${what}; ${lineage}${removed}.`;
}

/** A preview or a publish that would change nothing on the server, said instead of two identical sides. */
export const nothingToPublish = (fqn: string, host: string, version: number | undefined): string =>
  `Nothing to publish: ${fqn} on ${host} already matches the file${version === undefined ? '' : ` (version ${version})`}.`;

/** The plan a publish confirmed, against the fresh plan it was about to write: why it did not. */
export function planChanged(fqn: string, server: string, confirmed: { from?: number }, now: { from?: number }): string {
  const nothing = 'Nothing was written.';
  if (confirmed.from === undefined && now.from !== undefined) return `${fqn} was created on ${server} since you reviewed the publish (it is now version ${now.from}). ${nothing}`;
  if (confirmed.from !== undefined && now.from === undefined) return `${fqn} was deleted from ${server} since you reviewed the publish. ${nothing}`;
  if (confirmed.from !== now.from) return `${fqn} changed on ${server} since you reviewed the publish: version ${confirmed.from} is now version ${now.from}. ${nothing}`;
  return `What publishing ${fqn} would change is not what you reviewed (the file, the catalog or the lineage changed since). ${nothing}`;
}

/** What the publish confirmation shows: the server, the action and version, the lineage, the sensitive data. */
export interface PublishConfirmation {
  fqn: string;
  /** How the server is named in the question (its host). */
  host: string;
  serverUrl: string;
  action: 'create' | 'update' | 'restore' | 'unchanged';
  version: { from?: number; to: number };
  /** The plan's summary, e.g. `0.3 → 1.3: algorithm changed (major)`. */
  summary: string;
  lineage: LineageChanges;
  /** The sensitive-data warnings of the file, as the Problems view shows them. */
  sensitive: readonly string[];
  /** Said first: why the question is asked again (the server's model changed since). */
  again?: string;
}

/** The confirmation's question and its detail lines (a modal's `message` and `detail`). */
export function publishConfirmation(c: PublishConfirmation): { message: string; detail: string } {
  const what = c.action === 'create' ? 'Create' : c.action === 'restore' ? 'Restore' : c.action === 'update' ? 'Update' : 'Update the lineage of';
  const lines = [
    ...(c.again ? [c.again, ''] : []),
    `Server: ${c.serverUrl}`,
    `Model: ${c.action === 'create' ? `new, version ${c.version.to}` : c.summary}`,
    ...lineageChangeLines(c.lineage).map((l) => l.charAt(0).toUpperCase() + l.slice(1)),
    ...(c.sensitive.length ? ['', `Sensitive data (${c.sensitive.length}):`, ...c.sensitive.map((s) => `• ${s}`)] : []),
  ];
  return { message: `${what} ${c.fqn} on ${c.host}?`, detail: lines.join('\n') };
}
