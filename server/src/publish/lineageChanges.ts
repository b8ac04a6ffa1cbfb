// How a publish's lineage changes are told, the same in the CLI (`diff`, `publish --dry-run`) and in
// the editor's preview (its title and the comment under the file side). No imports: the extension
// bundles it.

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

/** What a planned lineage adds, removes and leaves, by table name. */
export function lineageChangesOf(lineage: { tables: TableRef[]; present: string[]; remove: TableRef[]; kept: KeptEdge[] }): LineageChanges {
  return { add: lineage.tables.map(tableName).filter((t) => !lineage.present.includes(t)), remove: lineage.remove.map(tableName), kept: lineage.kept };
}

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
