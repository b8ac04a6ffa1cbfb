// OpenMetadata wire types, field names exactly as the upstream JSON Schemas (openmetadata-spec's
// entity/data/mlmodel.json, api/data/createMlModel.json, …). Only the fields this product reads or
// writes are typed precisely; the rest are carried through as `unknown`.

export interface EntityReference {
  id: string;
  type: string;
  name?: string;
  fullyQualifiedName?: string;
  description?: string;
  displayName?: string;
  deleted?: boolean;
  inherited?: boolean;
  href?: string;
}

/** The fields every entity has (`entity/*.json`: EntityInterface). */
export interface EntityBase {
  id: string;
  name: string;
  fullyQualifiedName?: string;
  displayName?: string;
  description?: string;
  version?: number;
  updatedAt?: number;
  updatedBy?: string;
  href?: string;
  deleted?: boolean;
}

export type TagSource = 'Classification' | 'Glossary';
export type TagLabelType = 'Manual' | 'Propagated' | 'Automated' | 'Derived';
export type TagState = 'Suggested' | 'Confirmed';

export interface TagLabel {
  tagFQN: string;
  name?: string;
  displayName?: string;
  description?: string;
  source: TagSource;
  labelType: TagLabelType;
  state: TagState;
  href?: string;
}

export interface FieldChange {
  name: string;
  oldValue?: unknown;
  newValue?: unknown;
}

export interface ChangeDescription {
  fieldsAdded: FieldChange[];
  fieldsUpdated: FieldChange[];
  fieldsDeleted: FieldChange[];
  previousVersion: number;
}

export type FeatureType = 'numerical' | 'categorical';
export type FeatureSourceDataType = 'integer' | 'number' | 'string' | 'array' | 'date' | 'timestamp' | 'object' | 'boolean';

export interface FeatureSource {
  name?: string;
  dataType?: FeatureSourceDataType;
  description?: string;
  fullyQualifiedName?: string;
  dataSource?: EntityReference;
  tags?: TagLabel[];
}

export interface MlFeature {
  name?: string;
  dataType?: FeatureType;
  description?: string;
  fullyQualifiedName?: string;
  featureSources?: FeatureSource[];
  featureAlgorithm?: string;
  tags?: TagLabel[];
}

export interface MlHyperParameter {
  name?: string;
  value?: string;
  description?: string;
}

export interface MlStore {
  storage?: string;
  imageRepository?: string;
}

export interface AccessDetails {
  timestamp: number;
  accessedBy?: EntityReference;
  accessedByAProcess?: string;
}

export interface LifeCycle {
  created?: AccessDetails;
  updated?: AccessDetails;
  accessed?: AccessDetails;
}

export interface MlModel extends EntityBase {
  algorithm: string;
  mlFeatures?: MlFeature[];
  mlHyperParameters?: MlHyperParameter[];
  target?: string;
  dashboard?: EntityReference;
  mlStore?: MlStore;
  server?: string;
  owners?: EntityReference[];
  followers?: EntityReference[];
  tags?: TagLabel[];
  usageSummary?: unknown;
  service: EntityReference;
  serviceType?: string;
  changeDescription?: ChangeDescription;
  incrementalChangeDescription?: ChangeDescription;
  extension?: Record<string, unknown>;
  sourceUrl?: string;
  /** Before 1.9 (capabilities.ts `domainField`): one domain. */
  domain?: EntityReference;
  /** From 1.9: the domains, those inherited from the service marked `inherited`. */
  domains?: EntityReference[];
  dataProducts?: EntityReference[];
  votes?: unknown;
  lifeCycle?: LifeCycle;
  certification?: unknown;
  sourceHash?: string;
  entityStatus?: string;
}

/** `api/data/createMlModel.json`: references by FQN, except `owners` and feature `dataSource`s. */
export interface CreateMlModel {
  name: string;
  displayName?: string;
  description?: string;
  algorithm?: string;
  mlFeatures?: MlFeature[];
  target?: string;
  mlHyperParameters?: MlHyperParameter[];
  dashboard?: string;
  mlStore?: MlStore;
  server?: string;
  tags?: TagLabel[];
  owners?: EntityReference[];
  service: string;
  extension?: Record<string, unknown>;
  sourceUrl?: string;
  /** Before 1.9 (capabilities.ts `domainField`): the domain's FQN. A 1.9 server refuses the key. */
  domain?: string;
  /** From 1.9: the domains' FQNs. A server before 1.9 refuses the key. */
  domains?: string[];
  dataProducts?: string[];
  lifeCycle?: LifeCycle;
  sourceHash?: string;
}

export interface Column {
  name: string;
  displayName?: string;
  dataType: string;
  arrayDataType?: string;
  dataLength?: number;
  precision?: number;
  scale?: number;
  dataTypeDisplay?: string;
  description?: string;
  fullyQualifiedName?: string;
  tags?: TagLabel[];
  constraint?: string;
  ordinalPosition?: number;
  jsonSchema?: string;
  children?: Column[];
}

export interface Table extends EntityBase {
  tableType?: string;
  columns: Column[];
  tableConstraints?: { constraintType?: string; columns?: string[]; referredColumns?: string[] }[];
  owners?: EntityReference[];
  databaseSchema?: EntityReference;
  database?: EntityReference;
  service?: EntityReference;
  serviceType?: string;
  tags?: TagLabel[];
  followers?: EntityReference[];
}

export interface Dashboard extends EntityBase {
  dashboardType?: string;
  sourceUrl?: string;
  owners?: EntityReference[];
  tags?: TagLabel[];
  service: EntityReference;
  serviceType?: string;
}

export interface MlModelService extends EntityBase {
  serviceType: string;
  connection?: unknown;
  owners?: EntityReference[];
  tags?: TagLabel[];
}

export interface User extends EntityBase {
  email?: string;
  isBot?: boolean;
  isAdmin?: boolean;
  teams?: EntityReference[];
  timezone?: string;
}

export interface Team extends EntityBase {
  teamType?: string;
  parents?: EntityReference[];
  children?: EntityReference[];
}

export interface Classification extends EntityBase {
  provider?: string;
  mutuallyExclusive?: boolean;
}

export interface Tag extends EntityBase {
  description: string;
  classification?: EntityReference;
  deprecated?: boolean;
  provider?: string;
  mutuallyExclusive?: boolean;
}

export interface Paging {
  before?: string;
  after?: string;
  total: number;
}

export interface ResultList<T> {
  data: T[];
  paging: Paging;
}

/** `type/entityHistory.json`: `versions` are JSON strings of the entity, newest first. */
export interface EntityHistory {
  entityType: string;
  versions: unknown[];
}

export interface LineageDetails {
  sqlQuery?: string;
  columnsLineage?: { fromColumns?: string[]; toColumn?: string; function?: string }[];
  pipeline?: EntityReference;
  description?: string;
}

/** An edge of a lineage graph response: entity ids, not references. */
export interface Edge {
  fromEntity: string;
  toEntity: string;
  description?: string;
  lineageDetails?: LineageDetails;
}

export interface EntitiesEdge {
  fromEntity: EntityReference;
  toEntity: EntityReference;
  description?: string;
  lineageDetails?: LineageDetails;
}

export interface AddLineageRequest {
  edge: EntitiesEdge;
}

export interface EntityLineage {
  entity: EntityReference;
  nodes?: EntityReference[];
  upstreamEdges?: Edge[];
  downstreamEdges?: Edge[];
}

export interface ServerVersion {
  version?: string;
  revision?: string;
  timestamp?: number;
}

export interface SearchHit<T> {
  _index: string;
  _id: string;
  _score: number | null;
  _source: T;
}

/** The raw Elasticsearch/OpenSearch response `/api/v1/search/query` passes through. */
export interface SearchResponse<T> {
  took: number;
  timed_out: boolean;
  _shards: { total: number; successful: number; skipped: number; failed: number };
  hits: { total: { value: number; relation: 'eq' | 'gte' }; max_score: number | null; hits: SearchHit<T>[] };
}

/** An RFC 6902 operation, as `PATCH /v1/mlmodels/{id}` takes them. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };
