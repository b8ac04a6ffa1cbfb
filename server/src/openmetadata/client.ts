// The OpenMetadata REST client: the language service's `Catalog` plus the ML model and lineage
// calls publish, diff and pull need. It caches nothing but the server's version, read once per
// connection, from which ./capabilities.ts says how to talk to that release: the editor and
// `validate` read the catalog through the service's index (service/catalogIndex.ts), the one cache,
// and a publish must see the server as it is.
import type { Catalog, CatalogCallOptions, CatalogEntity, CatalogTable, ListedKind, Identity, LineageTable, MlModelSummary, ServerInfo } from '../service/catalog';
import { encodeFqnForPath, joinFqn, MAX_FQN_LENGTH, splitFqn } from '../service/fqn';
import { capabilitiesFor, type Capabilities } from './capabilities';
import { entityOf, tableOf } from './catalogMapping';
import { errorForStatus, NotFoundError, notOpenMetadataError, type Subject } from './errors';
import { HttpTransport, type RequestOptions, type TransportOptions } from './http';
import type {
  AddLineageRequest,
  CreateMlModel,
  EntityHistory,
  EntityLineage,
  EntityReference,
  JsonPatchOperation,
  MlModel,
  ResultList,
  SearchResponse,
  ServerVersion,
  User,
} from './types';

export interface OpenMetadataClientOptions extends TransportOptions {
  /**
   * Said once per connection when the server's version is outside the capability table (a newer
   * release is treated as the newest known); `log` when not given.
   */
  warn?: (line: string) => void;
}

export interface LineageDepth {
  upstreamDepth?: number;
  downstreamDepth?: number;
}

export interface MlModelReadOptions extends CatalogCallOptions {
  /** Comma list of relationship fields; default all the product uses. */
  fields?: string;
  include?: 'non-deleted' | 'deleted' | 'all';
}

export interface PutResult<T> {
  /** 201: the entity did not exist. */
  created: boolean;
  entity: T;
}

interface Collection {
  path: string;
  fields?: string;
  query?: Record<string, string>;
  subject: string;
}

const COLLECTIONS: Record<ListedKind, Collection> = {
  mlmodelService: { path: '/api/v1/services/mlmodelServices', fields: 'owners,tags', subject: 'ML model service' },
  dashboard: { path: '/api/v1/dashboards', fields: 'owners,tags', subject: 'dashboard' },
  user: { path: '/api/v1/users', query: { isBot: 'false' }, subject: 'user' },
  team: { path: '/api/v1/teams', subject: 'team' },
  tag: { path: '/api/v1/tags', subject: 'tag' },
};

const PAGE_SIZE = 500;
const TABLE_PAGE_SIZE = 1000;

/** The FQN a create request names (for messages); the raw parts if a name cannot be quoted. */
function modelFqn(request: CreateMlModel): string {
  try {
    return joinFqn(request.service, request.name);
  } catch {
    return `${request.service}.${request.name}`;
  }
}

/**
 * The FQN as a path segment; undefined for a name no entity can have (longer than an FQN may be,
 * or not valid Unicode, e.g. a lone surrogate from an editor buffer): asking the server would only
 * make a URL it refuses, or throw.
 */
function fqnSegment(fqn: string): string | undefined {
  if (fqn.length > MAX_FQN_LENGTH) return undefined;
  try {
    return encodeFqnForPath(fqn);
  } catch {
    return undefined;
  }
}

/** Escapes Lucene query-string syntax so a table name like `dim(shop)` is searched literally. */
function searchQueryText(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '*';
  return trimmed.replace(/[<>]/g, ' ').replace(/[+\-=&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`);
}

export class OpenMetadataClient implements Catalog {
  private readonly http: HttpTransport;
  private readonly warn?: (line: string) => void;
  /** `/api/v1/system/version`, read once per client (one client per server URL); forgotten if the read fails. */
  private version?: Promise<ServerVersion>;
  private capabilitiesRead?: Promise<Capabilities>;

  constructor(options: OpenMetadataClientOptions) {
    this.http = new HttpTransport(options);
    this.warn = options.warn ?? options.log;
  }

  get uiBaseUrl(): string {
    return this.http.baseUrl;
  }

  private async get<T>(options: Omit<RequestOptions, 'method'>): Promise<T> {
    return (await this.http.request<T>({ ...options, method: 'GET' })).body;
  }

  /** A GET of an endpoint every OpenMetadata server has: a 404 there is a wrong server URL, not a missing thing. */
  private async own<T>(path: string, signal?: AbortSignal): Promise<T> {
    try {
      return await this.get<T>({ path, signal });
    } catch (error) {
      if (error instanceof NotFoundError) throw notOpenMetadataError({ method: 'GET', path: error.path, origin: error.origin, status: 404 }, 'answered 404');
      throw error;
    }
  }

  private async orUndefined<T>(load: Promise<T>): Promise<T | undefined> {
    try {
      return await load;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  // ── Catalog ────────────────────────────────────────────────────────────────────────────────

  async searchTables(query: string, limit: number, options?: CatalogCallOptions): Promise<CatalogTable[]> {
    if (fqnSegment(query) === undefined) return [];
    const size = Math.max(1, Math.min(limit, 10_000));
    const response = await this.get<SearchResponse<Record<string, unknown>>>({
      path: '/api/v1/search/query',
      query: { q: searchQueryText(query), index: 'table_search_index', from: 0, size, deleted: false },
      signal: options?.signal,
    });
    return (response?.hits?.hits ?? []).map((hit) => tableOf(hit._source));
  }

  async getTable(fqn: string, options?: CatalogCallOptions): Promise<CatalogTable | undefined> {
    const segment = fqnSegment(fqn);
    if (segment === undefined) return undefined;
    const raw = await this.orUndefined(
      this.get<Record<string, unknown>>({
        path: `/api/v1/tables/name/${segment}`,
        query: { fields: 'columns,tags,owners' },
        signal: options?.signal,
        subject: { kind: 'table', name: fqn },
      }),
    );
    return raw && tableOf(raw);
  }

  /**
   * Table names for in-memory completion, paged through `/v1/tables`. Upstream always sends a
   * table's columns, so this costs a full listing; callers bound it with `max`.
   */
  async listTables(max: number, options?: CatalogCallOptions): Promise<Pick<CatalogTable, 'id' | 'name' | 'fullyQualifiedName' | 'description'>[]> {
    const out: Pick<CatalogTable, 'id' | 'name' | 'fullyQualifiedName' | 'description'>[] = [];
    let after: string | undefined;
    do {
      const page = await this.get<ResultList<Record<string, unknown>>>({
        path: '/api/v1/tables',
        query: { limit: Math.min(TABLE_PAGE_SIZE, max - out.length), after },
        signal: options?.signal,
      });
      for (const raw of page.data ?? []) {
        const { id, name, fullyQualifiedName, description } = tableOf({ ...raw, columns: undefined });
        out.push({ id, name, fullyQualifiedName, description });
      }
      after = page.paging?.after;
    } while (after && out.length < max);
    return out.slice(0, max);
  }

  async listEntities(kind: ListedKind, max: number, options?: CatalogCallOptions): Promise<CatalogEntity[]> {
    const collection = COLLECTIONS[kind];
    const out: CatalogEntity[] = [];
    let after: string | undefined;
    do {
      const page = await this.get<ResultList<Record<string, unknown>>>({
        path: collection.path,
        query: { ...collection.query, fields: collection.fields, limit: Math.min(PAGE_SIZE, max - out.length), after },
        signal: options?.signal,
      });
      for (const raw of page.data ?? []) out.push(entityOf(kind, raw));
      after = page.paging?.after;
    } while (after && out.length < max);
    return out.slice(0, max);
  }

  async getEntity(kind: ListedKind, fqn: string, options?: CatalogCallOptions): Promise<CatalogEntity | undefined> {
    const collection = COLLECTIONS[kind];
    const segment = fqnSegment(fqn);
    if (segment === undefined) return undefined;
    const raw = await this.orUndefined(
      this.get<Record<string, unknown>>({
        path: `${collection.path}/name/${segment}`,
        query: collection.fields ? { fields: collection.fields } : undefined,
        signal: options?.signal,
        subject: { kind: collection.subject, name: fqn },
      }),
    );
    return raw && entityOf(kind, raw);
  }

  /** The tables lineage names as this table's sources, one level up (for the lineage view). */
  async upstreamTables(fqn: string, options?: CatalogCallOptions): Promise<LineageTable[] | undefined> {
    if (fqnSegment(fqn) === undefined) return undefined;
    const lineage = await this.orUndefined(this.getLineageByName('table', fqn, { upstreamDepth: 1, downstreamDepth: 0 }, options));
    if (!lineage) return undefined;
    const nodes = new Map((lineage.nodes ?? []).map((n) => [n.id, n]));
    const tables = new Map<string, LineageTable>();
    for (const edge of lineage.upstreamEdges ?? []) {
      const node = edge.toEntity === lineage.entity.id ? nodes.get(edge.fromEntity) : undefined;
      if (node?.type !== 'table' || !node.fullyQualifiedName || tables.has(node.id)) continue;
      const name = node.name ?? splitFqn(node.fullyQualifiedName)?.at(-1) ?? node.fullyQualifiedName;
      tables.set(node.id, { id: node.id, name, fullyQualifiedName: node.fullyQualifiedName, displayName: node.displayName });
    }
    return [...tables.values()];
  }

  private serverVersion(signal?: AbortSignal): Promise<ServerVersion> {
    const read = (this.version ??= this.own<ServerVersion>('/api/v1/system/version', signal).then((body) => body ?? {}));
    read.catch(() => {
      if (this.version === read) this.version = undefined;
    });
    return read;
  }

  async serverInfo(options?: CatalogCallOptions): Promise<ServerInfo> {
    const body = await this.serverVersion(options?.signal);
    return { version: body.version ?? 'unknown', revision: body.revision };
  }

  /**
   * What this server's version does differently (./capabilities.ts), from the version read once
   * per connection. A version outside the table is said once, through `warn`.
   */
  capabilities(options?: CatalogCallOptions): Promise<Capabilities> {
    const read = (this.capabilitiesRead ??= this.serverVersion(options?.signal).then((body) => {
      const capabilities = capabilitiesFor(body.version);
      if (capabilities.notice) this.warn?.(capabilities.notice);
      return capabilities;
    }));
    read.catch(() => {
      if (this.capabilitiesRead === read) this.capabilitiesRead = undefined;
    });
    return read;
  }

  async whoAmI(options?: CatalogCallOptions): Promise<Identity> {
    const path = '/api/v1/users/loggedInUser';
    const user = await this.own<User | undefined>(path, options?.signal);
    const { origin, baseUrl } = this.http;
    if (typeof user?.name !== 'string') throw notOpenMetadataError({ method: 'GET', path: baseUrl.slice(origin.length) + path, origin }, 'answered without a user');
    return { name: user.name, displayName: user.displayName, isBot: user.isBot };
  }

  /**
   * A domain or data product as the reference a model's `domain(s)`/`dataProducts` hold, or
   * undefined when the server has none by that FQN (a publish resolves them before writing).
   */
  async getDomainReference(kind: 'domain' | 'dataProduct', fqn: string, options?: CatalogCallOptions): Promise<EntityReference | undefined> {
    const segment = fqnSegment(fqn);
    if (segment === undefined) return undefined;
    const collection = kind === 'domain' ? '/api/v1/domains' : '/api/v1/dataProducts';
    const raw = await this.orUndefined(
      this.get<{ id: string; name?: string; fullyQualifiedName?: string; displayName?: string; description?: string }>({
        path: `${collection}/name/${segment}`,
        signal: options?.signal,
        subject: { kind: kind === 'domain' ? 'domain' : 'data product', name: fqn },
      }),
    );
    return raw && { id: raw.id, type: kind, name: raw.name, fullyQualifiedName: raw.fullyQualifiedName ?? fqn, displayName: raw.displayName, description: raw.description };
  }

  // ── ML models ───────────────────────────────────────────────────────────────────────────

  /** Whether a model exists, and its version. */
  async findMlModel(fqn: string, options?: CatalogCallOptions): Promise<MlModelSummary | undefined> {
    const model = await this.getMlModelByName(fqn, { fields: '', signal: options?.signal });
    return model && { id: model.id, fullyQualifiedName: model.fullyQualifiedName ?? fqn, version: model.version };
  }

  private model(fqn: string): Subject {
    return { kind: 'ML model', name: fqn };
  }

  /** `fields=` as asked, or every relationship the product uses, named as this server's version names them. */
  private async mlModelFields(options: MlModelReadOptions): Promise<string> {
    return options.fields ?? (await this.capabilities(options)).mlModelFields;
  }

  /** The model with its relationships, or undefined when the server has none by that FQN. */
  async getMlModelByName(fqn: string, options: MlModelReadOptions = {}): Promise<MlModel | undefined> {
    const segment = fqnSegment(fqn);
    if (segment === undefined) return undefined;
    const fields = await this.mlModelFields(options);
    return this.orUndefined(
      this.get<MlModel>({
        path: `/api/v1/mlmodels/name/${segment}`,
        query: { fields, include: options.include },
        signal: options.signal,
        subject: this.model(fqn),
      }),
    );
  }

  async getMlModel(id: string, options: MlModelReadOptions = {}): Promise<MlModel> {
    const fields = await this.mlModelFields(options);
    return this.get<MlModel>({
      path: `/api/v1/mlmodels/${encodeURIComponent(id)}`,
      query: { fields, include: options.include },
      signal: options.signal,
      subject: this.model(id),
    });
  }

  /** POST: create only; a model of that name already existing is a ConflictError. */
  async createMlModel(request: CreateMlModel, options?: CatalogCallOptions): Promise<MlModel> {
    const response = await this.http.request<MlModel>({
      method: 'POST',
      path: '/api/v1/mlmodels',
      body: request,
      signal: options?.signal,
      subject: this.model(modelFqn(request)),
    });
    return response.body;
  }

  /** PUT: create or update (201 created, 200 updated). Idempotent, so retried on transient errors. */
  async createOrUpdateMlModel(request: CreateMlModel, options?: CatalogCallOptions): Promise<PutResult<MlModel>> {
    const response = await this.http.request<MlModel>({
      method: 'PUT',
      path: '/api/v1/mlmodels',
      body: request,
      signal: options?.signal,
    });
    return { created: response.status === 201, entity: response.body };
  }

  /** JSON Patch (RFC 6902); not retried, as replaying a patch is not safe. */
  async patchMlModel(id: string, operations: JsonPatchOperation[], options?: CatalogCallOptions): Promise<MlModel> {
    const response = await this.http.request<MlModel>({
      method: 'PATCH',
      path: `/api/v1/mlmodels/${encodeURIComponent(id)}`,
      body: operations,
      contentType: 'application/json-patch+json',
      signal: options?.signal,
      subject: this.model(id),
    });
    return response.body;
  }

  async deleteMlModel(id: string, options: CatalogCallOptions & { hardDelete?: boolean } = {}): Promise<MlModel | undefined> {
    const response = await this.http.request<MlModel>({
      method: 'DELETE',
      path: `/api/v1/mlmodels/${encodeURIComponent(id)}`,
      query: { hardDelete: options.hardDelete, recursive: false },
      signal: options.signal,
      subject: this.model(id),
    });
    return response.body;
  }

  /** Every version, newest first, parsed (the server sends each as a JSON string). */
  async listMlModelVersions(id: string, options?: CatalogCallOptions): Promise<MlModel[]> {
    const history = await this.get<EntityHistory>({
      path: `/api/v1/mlmodels/${encodeURIComponent(id)}/versions`,
      signal: options?.signal,
      subject: this.model(id),
    });
    return (history.versions ?? []).map((v) => (typeof v === 'string' ? (JSON.parse(v) as MlModel) : (v as MlModel)));
  }

  getMlModelVersion(id: string, version: number, options?: CatalogCallOptions): Promise<MlModel> {
    return this.get<MlModel>({
      path: `/api/v1/mlmodels/${encodeURIComponent(id)}/versions/${version}`,
      signal: options?.signal,
      subject: { kind: 'ML model version', name: `${id} ${version}` },
    });
  }

  // ── Lineage ─────────────────────────────────────────────────────────────────────────────

  /** PUT /v1/lineage: adds (or updates) one edge; idempotent. */
  async addLineage(request: AddLineageRequest, options?: CatalogCallOptions): Promise<void> {
    await this.http.request<void>({ method: 'PUT', path: '/api/v1/lineage', body: request, signal: options?.signal });
  }

  getLineage(entityType: string, id: string, depth: LineageDepth = {}, options?: CatalogCallOptions): Promise<EntityLineage> {
    return this.get<EntityLineage>({
      path: `/api/v1/lineage/${encodeURIComponent(entityType)}/${encodeURIComponent(id)}`,
      query: { upstreamDepth: depth.upstreamDepth ?? 1, downstreamDepth: depth.downstreamDepth ?? 1 },
      signal: options?.signal,
      subject: { kind: entityType, name: id },
    });
  }

  getLineageByName(entityType: string, fqn: string, depth: LineageDepth = {}, options?: CatalogCallOptions): Promise<EntityLineage> {
    const path = `/api/v1/lineage/${encodeURIComponent(entityType)}/name/`;
    const subject = { kind: entityType, name: fqn };
    const segment = fqnSegment(fqn);
    if (segment === undefined) return Promise.reject(errorForStatus(404, { method: 'GET', path, origin: this.http.origin }, this.http.hasToken, subject));
    return this.get<EntityLineage>({
      path: path + segment,
      query: { upstreamDepth: depth.upstreamDepth ?? 1, downstreamDepth: depth.downstreamDepth ?? 1 },
      signal: options?.signal,
      subject,
    });
  }

  /** Removes the edge from → to; a NotFoundError when there is no such edge. */
  async deleteLineageEdge(
    from: { type: string; id: string },
    to: { type: string; id: string },
    options?: CatalogCallOptions,
  ): Promise<void> {
    const segment = (s: string): string => encodeURIComponent(s);
    await this.http.request<void>({
      method: 'DELETE',
      path: `/api/v1/lineage/${segment(from.type)}/${segment(from.id)}/${segment(to.type)}/${segment(to.id)}`,
      signal: options?.signal,
      subject: { kind: 'lineage edge', name: `${from.type} ${from.id} → ${to.type} ${to.id}` },
    });
  }
}
