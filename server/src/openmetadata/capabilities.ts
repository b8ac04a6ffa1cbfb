// What differs between the OpenMetadata server versions the product talks to: the one table every
// request builder and the version prediction ask (the client reads `/api/v1/system/version` once per
// connection and hands these out). Nothing else compares server versions.
//
// Each row says what changed in that release, with the upstream evidence. Releases between rows
// follow the row before them; a server newer than the newest row follows the newest row (and the
// client says so once in its log); one older than the oldest follows the oldest (unsupported).
//
// The sandbox has its own table (server/src/sandbox/serverVersions.ts), written independently from
// the same upstream code: the product must never import it, or the sandbox could only agree with us.

export interface Capabilities {
  /** What the server said it is (`/api/v1/system/version`), e.g. `1.8.12`; `unknown` when it said nothing usable. */
  serverVersion: string;
  /** The row followed, `major.minor`, e.g. `1.6`. */
  row: string;
  /**
   * Set when the server's version is not covered by the table (newer, older or unreadable): what
   * the product assumes instead, to be said once.
   */
  notice?: string;
  /**
   * The ML model's domain. `domain`: one entity reference on the entity and in `fields=`, one FQN
   * string in CreateMlModel. `domains`: a list on the entity and in `fields=`, a list of FQNs in
   * CreateMlModel. Naming the other is a 400 ("Invalid field name domains"; an unknown property of
   * the request). openmetadata-ingestion 1.8.12.0 vs 1.9.0.0, generated `entity/data/mlmodel.py`
   * (`domain: EntityReference` → `domains: EntityReferenceList`) and `api/data/createMlModel.py`
   * (`domain: str` → `domains: List[str]`, `extra='forbid'`).
   */
  domainField: 'domain' | 'domains';
  /** `fields=` of a full ML model read: every relationship the product uses, the domain as `domainField` names it. */
  mlModelFields: string;
  /**
   * A changed `sourceHash` is an ordinary change (+0.1). From the newest line MlModelUpdater records
   * it with `updateVersion=false`: stored, no changeDescription entry, no new version (upstream
   * PR #25675, merged 2026-02-03; MlModelRepository.java before it records
   * `recordChange("sourceHash", …)` with the default `updateVersion=true`).
   */
  sourceHashBumpsVersion: boolean;
  /**
   * A feature source's `tags` defaults to `[]` (entity/data/mlmodel.json): the server stores and
   * returns a source sent without tags with `tags: []`, and its changeDescription strings carry
   * it. openmetadata-ingestion 1.5.15.2 `FeatureSource.tags = Field(None)`, 1.6.13.2 on `Field([])`.
   */
  featureSourceTagsDefault: boolean;
  /**
   * The newest MlModelRepository: feature tags are looked up and enriched on write and read back
   * from tag_usage (`validateTags`, `setFields` → `populateEntityFieldTags`); after the whole-feature
   * list comparison, features are paired by name and each one's tags go through `updateTags`, so a
   * PUT merges them (a tag dropped from a feature stays on the server), and a bot's PUT keeps a
   * stored feature description (`updateMlFeatureDescription`). Before, feature tags are stored in
   * the entity JSON as sent and replaced with the feature.
   */
  featureRulesOnPut: boolean;
}

type Rules = Omit<Capabilities, 'serverVersion' | 'row' | 'notice' | 'mlModelFields'>;

interface Row {
  since: readonly [number, number];
  /** Only what this release changed. */
  rules: Partial<Rules>;
}

/** Oldest first. */
const ROWS: readonly Row[] = [
  { since: [1, 5], rules: { domainField: 'domain', sourceHashBumpsVersion: true, featureSourceTagsDefault: false, featureRulesOnPut: false } },
  { since: [1, 6], rules: { featureSourceTagsDefault: true } },
  { since: [1, 9], rules: { domainField: 'domains' } },
  // PR #25675 was merged on 2026-02-03 and the 1.12.0 SDK built on 2026-02-22: placed in 1.12, as
  // the sandbox does. Whether 1.12.0 was branched before the merge (then this is 1.13) could not
  // be settled from the stored upstream history.
  { since: [1, 12], rules: { sourceHashBumpsVersion: false } },
  // The newest stored MlModelRepository.java (undated in the index; see the sandbox README's
  // "uncertain" rows). 2.0 is the newest release the table knows.
  { since: [2, 0], rules: { featureRulesOnPut: true } },
];

const rowName = (row: Row): string => row.since.join('.');

/** The versions of the table, oldest first: `1.5` … `2.0`. */
export const KNOWN_ROWS: readonly string[] = ROWS.map(rowName);

function compare(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

function mlModelFields(rules: Rules): string {
  return ['owners', 'dashboard', 'followers', 'tags', 'extension', rules.domainField, 'dataProducts'].join(',');
}

function fromRows(index: number, serverVersion: string, notice?: string): Capabilities {
  const rules = Object.assign({}, ...ROWS.slice(0, index + 1).map((r) => r.rules)) as Rules;
  return { ...rules, mlModelFields: mlModelFields(rules), serverVersion, row: rowName(ROWS[index]), notice };
}

/** The capabilities of a server that reports `version` (`1.9.3`, `1.10.0-SNAPSHOT`, …). */
export function capabilitiesFor(version: string | undefined): Capabilities {
  const reported = version?.trim() || 'unknown';
  const newest = ROWS.length - 1;
  const match = /^(\d+)\.(\d+)/.exec(reported);
  if (!match) {
    return fromRows(newest, reported, `OpenMetadata did not say which version it is (${reported}); requests and version predictions follow ${rowName(ROWS[newest])}, the newest this mlmodel knows.`);
  }
  const at: [number, number] = [Number(match[1]), Number(match[2])];
  if (compare(at, ROWS[0].since) < 0) {
    return fromRows(0, reported, `OpenMetadata ${reported} is older than ${rowName(ROWS[0])}, the oldest this mlmodel supports; requests and version predictions follow ${rowName(ROWS[0])} and may be refused.`);
  }
  let index = 0;
  while (index < newest && compare(ROWS[index + 1].since, at) <= 0) index++;
  const beyond = index === newest && compare(at, ROWS[newest].since) > 0;
  return fromRows(
    index,
    reported,
    beyond ? `OpenMetadata ${reported} is newer than the versions this mlmodel knows (${KNOWN_ROWS[0]} … ${KNOWN_ROWS[newest]}); requests and version predictions follow ${KNOWN_ROWS[newest]}.` : undefined,
  );
}
