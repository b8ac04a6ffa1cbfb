// What the language service needs from an OpenMetadata catalog. The REST client
// (server/src/openmetadata/client.ts) implements it against a real server or the sandbox; tests
// implement it in memory. The service never does I/O itself: it calls these methods through the
// in-memory index (./catalogIndex.ts), which answers synchronously and fills itself in the background.

export type OwnerKind = 'user' | 'team';

export interface CatalogOwner {
  kind: OwnerKind;
  name: string;
  displayName?: string;
}

export interface CatalogColumn {
  name: string;
  /** `tableFqn.column`, nested children `tableFqn.parent.child`. */
  fullyQualifiedName: string;
  /** Upstream column data type, e.g. `NUMERIC`, `VARCHAR`, `STRUCT`. */
  dataType: string;
  dataTypeDisplay?: string;
  description?: string;
  /** Tag FQNs on the column, e.g. `PII.Sensitive`. */
  tags: string[];
  children?: CatalogColumn[];
}

export interface CatalogTable {
  id: string;
  name: string;
  fullyQualifiedName: string;
  displayName?: string;
  description?: string;
  tableType?: string;
  /** Tag FQNs on the table. */
  tags: string[];
  owners: CatalogOwner[];
  /** Absent when the table came from a search hit that did not include columns. */
  columns?: CatalogColumn[];
}

/**
 * The kinds of entity a model file refers to; ./references.ts says where it writes each. A `tag`
 * is a classification tag or a glossary term: both are written in tag positions.
 */
export type EntityKind = 'mlmodelService' | 'dashboard' | 'table' | 'column' | 'user' | 'team' | 'tag' | 'domain' | 'dataProduct';

/** The kinds the catalog lists whole, for completion; tables and columns are searched and looked up. */
export type ListedKind = Exclude<EntityKind, 'table' | 'column'>;

export interface CatalogEntity {
  kind: ListedKind;
  id: string;
  name: string;
  fullyQualifiedName: string;
  displayName?: string;
  description?: string;
  /** mlmodelService: serviceType (`Mlflow`…); dashboard: dashboardType; user: email; team: its type; tag: the classification or glossary. */
  detail?: string;
  owners?: CatalogOwner[];
  tags?: string[];
  /** Soft-deleted: still found by name, but the server refuses it as an owner. */
  deleted?: boolean;
  /** user: a bot account. */
  isBot?: boolean;
  /** team: `Group`, `Department`, `Division`, `BusinessUnit` or `Organization`; only a Group owns entities. */
  teamType?: string;
  /** tag: a classification tag or a glossary term (the tag label's `source`). */
  source?: 'Classification' | 'Glossary';
  /**
   * tag: its parent (classification or parent tag; glossary or parent term) is mutually exclusive,
   * so an entity may carry only one of its children (TagLabelUtil.checkMutuallyExclusive).
   */
  parentMutuallyExclusive?: boolean;
  /** tag: disabled, so the server refuses to apply it. */
  disabled?: boolean;
  /** dataProduct: the FQNs of the domains it belongs to. */
  domains?: string[];
}

export interface MlModelSummary {
  id: string;
  fullyQualifiedName: string;
  version?: number;
  /**
   * The model's tag FQNs and each feature's (by feature name), when asked with them: a publish
   * (PUT) merges the file's tags into these, so the server checks the union.
   */
  tags?: string[];
  featureTags?: Record<string, string[]>;
}

/** A table that lineage names as another's source. */
export type LineageTable = Pick<CatalogTable, 'id' | 'name' | 'fullyQualifiedName' | 'displayName'>;

export interface ServerInfo {
  version: string;
  revision?: string;
}

export interface Identity {
  name: string;
  displayName?: string;
  isBot?: boolean;
}

export interface CatalogCallOptions {
  signal?: AbortSignal;
}

/**
 * Errors a Catalog throws may carry a `kind` (the REST client's `OpenMetadataError` does):
 * `unauthorized` and `forbidden` mean the token is wrong, the others that the server cannot be
 * used now. Their `message` is safe to show (no token, says what to do).
 */
export type CatalogFailureKind = 'unauthorized' | 'forbidden' | 'timeout' | 'unreachable' | 'connectionLost' | 'server' | 'rateLimited' | 'malformed' | string;

export function failureKind(error: unknown): CatalogFailureKind {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : 'unreachable';
}

export interface Catalog {
  /** Base URL of the OpenMetadata UI, for links to entities (`http://host:8585`). */
  readonly uiBaseUrl: string;
  /** Server-side table search (`/api/v1/search/query` on `table_search_index`), best first. */
  searchTables(query: string, limit: number, options?: CatalogCallOptions): Promise<CatalogTable[]>;
  /** A table with its columns and tags; undefined when it does not exist. */
  getTable(fqn: string, options?: CatalogCallOptions): Promise<CatalogTable | undefined>;
  /** Every entity of a kind (paged through with `after`; bounded by `max`). */
  listEntities(kind: ListedKind, max: number, options?: CatalogCallOptions): Promise<CatalogEntity[]>;
  /**
   * Tables without their columns, paged through up to `max`, so completion can search names in
   * memory. Optional: without it only server-side search finds tables.
   */
  listTables?(max: number, options?: CatalogCallOptions): Promise<Array<Pick<CatalogTable, 'id' | 'name' | 'fullyQualifiedName' | 'description'>>>;
  /** An ML model by FQN (`service.model`), to know whether it exists and its version. Optional. */
  findMlModel?(fqn: string, options?: CatalogCallOptions): Promise<MlModelSummary | undefined>;
  /**
   * The tables with a lineage edge into this table, one level up; undefined when the table does
   * not exist. Optional: without it the lineage view shows only what the file names.
   */
  upstreamTables?(fqn: string, options?: CatalogCallOptions): Promise<LineageTable[] | undefined>;
  /** One entity by FQN (users and teams by name); undefined when it does not exist. */
  getEntity(kind: ListedKind, fqn: string, options?: CatalogCallOptions): Promise<CatalogEntity | undefined>;
  serverInfo(options?: CatalogCallOptions): Promise<ServerInfo>;
  whoAmI(options?: CatalogCallOptions): Promise<Identity>;
}
