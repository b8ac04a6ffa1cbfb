// What differs between the OpenMetadata releases the sandbox can play (`--server-version`). This is
// the one table: every route and the updater ask `rulesFor(version)` instead of comparing versions
// themselves. Each row names the upstream change it follows (server/src/sandbox/README.md has the
// evidence); versions between the rows follow the row below them.

export interface ServerRules {
  /** What `/api/v1/system/version` answers, e.g. `1.10.14`. */
  version: string;
  /**
   * The entity's domain field and the create request's domain key. Before 1.9 one `domain`
   * (reference; create: FQN string); from 1.9 `domains` (list; create: FQN list). The other name is
   * an unknown field (`fields=` → 400 "Invalid field name", create body → 400 unknown property).
   */
  domainField: 'domain' | 'domains';
  /**
   * From 1.10 the MlModel entity has `entityStatus` (default `Approved`); a 1.9 server has no such
   * property (the 1.9 SDK's generated models refuse it).
   */
  entityStatus: boolean;
  /**
   * Entity properties added later, which `fields=` may name from then on (the SDK's generated
   * MlModel: `impersonatedBy` from 1.11, `dataContract` from 1.13). The sandbox stores neither.
   */
  impersonatedBy: boolean;
  dataContract: boolean;
  /** Before 1.12 a changed `sourceHash` is an ordinary change (+0.1); from 1.12 it is stored without a new version. */
  sourceHashBumpsVersion: boolean;
  /**
   * Newest line: a feature's tag labels are looked up and enriched like the model's and read back
   * from tag_usage (before, stored in the entity JSON as sent), a PUT merges each feature's tags (paired by feature name) with the stored ones, as it
   * merges the model's own tags, and a bot's PUT keeps a stored feature description.
   */
  featureRulesOnPut: boolean;
  /**
   * From 1.6 a feature source's `tags` defaults to `[]` (entity/data/mlmodel.json), so a source sent
   * without tags is stored, returned and written into changeDescriptions with `tags: []`; before, without.
   */
  featureSourceTagsDefault: boolean;
  /** From 1.7 an edge's lineageDetails carries createdAt/createdBy/updatedAt/updatedBy, stamped on every PUT. */
  lineageStamps: boolean;
  /**
   * `FullyQualifiedName.quoteName` on a name containing `"`: `reject` (400 "Invalid name …"),
   * `backslash` (`"` written `\"`, never wrapped in quotes), `double` (quoted, `"` doubled: `"a""b"`).
   */
  quoteInName: 'reject' | 'backslash' | 'double';
}

interface Row {
  since: [number, number];
  patch: string;
  rules: Partial<Omit<ServerRules, 'version'>>;
}

/** Oldest first; each row changes only what it names. */
const ROWS: readonly Row[] = [
  { since: [1, 5], patch: '1.5.15', rules: { domainField: 'domain', entityStatus: false, impersonatedBy: false, dataContract: false, sourceHashBumpsVersion: true, featureRulesOnPut: false, featureSourceTagsDefault: false, lineageStamps: false, quoteInName: 'reject' } },
  { since: [1, 6], patch: '1.6.13', rules: { quoteInName: 'backslash', featureSourceTagsDefault: true } },
  { since: [1, 7], patch: '1.7.7', rules: { lineageStamps: true } },
  { since: [1, 8], patch: '1.8.12', rules: {} },
  { since: [1, 9], patch: '1.9.17', rules: { domainField: 'domains' } },
  { since: [1, 10], patch: '1.10.14', rules: { entityStatus: true } },
  { since: [1, 11], patch: '1.11.14', rules: { impersonatedBy: true } },
  { since: [1, 12], patch: '1.12.14', rules: { sourceHashBumpsVersion: false } },
  { since: [1, 13], patch: '1.13.6', rules: { dataContract: true } },
  { since: [2, 0], patch: '2.0.7', rules: { featureRulesOnPut: true, quoteInName: 'double' } },
];

/** The `--server-version` values, oldest first: `1.5` … `2.0`. */
export const SERVER_VERSIONS: readonly string[] = ROWS.map((r) => r.since.join('.'));

export const NEWEST_SERVER_VERSION = SERVER_VERSIONS[SERVER_VERSIONS.length - 1];

/** The rules of `major.minor` (a patch is ignored: `1.10.3` plays `1.10`); undefined when not one of SERVER_VERSIONS. */
export function rulesFor(version: string): ServerRules | undefined {
  const match = /^(\d+)\.(\d+)(?:\.\d+)*$/.exec(version.trim());
  if (!match) return undefined;
  const wanted = `${Number(match[1])}.${Number(match[2])}`;
  const index = SERVER_VERSIONS.indexOf(wanted);
  if (index < 0) return undefined;
  const rules = Object.assign({}, ...ROWS.slice(0, index + 1).map((r) => r.rules)) as Omit<ServerRules, 'version'>;
  return { ...rules, version: ROWS[index].patch };
}

/** Compares `a` and `b` as `major.minor`. */
export function atLeast(rules: ServerRules, major: number, minor: number): boolean {
  const [a, b] = rules.version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}
