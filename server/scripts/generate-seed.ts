// Generates the sandbox seed (server/src/sandbox/seed/*.json) from OpenMetadata's sample data in
// ../shared/openmetadata/sample_data, brought to the 2025 entity shape: ids, fullyQualifiedName,
// service and serviceType added; tableProfile, sampleData, joins and usage dropped. Deterministic:
// ids are UUID v5 of the FQN and timestamps come from the samples, so re-running changes nothing.
//
//   npm run generate:seed            (writes server/src/sandbox/seed)
//   node out/scripts/generate-seed.js DIR [SAMPLES]   (writes DIR instead, from the sample data in
//   SAMPLES if given; the seed test compares the two)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { joinFqn, quoteName } from '../src/service/fqn';
import { stableUuid } from '../src/sandbox/ids';
import type {
  Classification,
  Column,
  Dashboard,
  EntityReference,
  MlModelService,
  Table,
  Tag,
  TagLabel,
  Team,
  User,
} from '../src/openmetadata/types';
import type { SeedCatalog, SeedDatabase, SeedLineageEdge } from '../src/sandbox/seedTypes';

// Bundled to out/scripts/, two levels below the repository.
const repoRoot = join(__dirname, '..', '..');
const samples = process.argv[3] ? resolve(process.argv[3]) : join(repoRoot, '..', 'shared', 'openmetadata', 'sample_data');
const outDir = process.argv[2] ? resolve(process.argv[2]) : join(repoRoot, 'server', 'src', 'sandbox', 'seed');

/** Sample data carries no timestamps for most entities: one fixed instant keeps output stable. */
const SEEDED_AT = 1700000000000;
const SEEDED_BY = 'admin';

/** Columns that carry PII.Sensitive, the governance fixture the README's sandbox section lists. */
const SENSITIVE_COLUMNS = new Set([
  'sample_data.ecommerce_db.shopify.dim_customer.email',
  'sample_data.ecommerce_db.shopify.dim_customer.phone',
  'sample_data.ecommerce_db.shopify.dim_address.phone',
  'sample_data.ecommerce_db.shopify.raw_customer.creditcard',
]);

type Json = Record<string, any>;

function read(path: string): any {
  return JSON.parse(readFileSync(join(samples, path), 'utf8'));
}

function write(name: string, value: unknown): void {
  writeFileSync(join(outDir, name), `${JSON.stringify(value, null, 1)}\n`);
}

function ref(type: string, entity: { id: string; name: string; fullyQualifiedName?: string; displayName?: string; description?: string }): EntityReference {
  const out: EntityReference = { id: entity.id, type, name: entity.name, fullyQualifiedName: entity.fullyQualifiedName ?? entity.name };
  if (entity.description !== undefined) out.description = entity.description;
  if (entity.displayName !== undefined) out.displayName = entity.displayName;
  out.deleted = false;
  return out;
}

function drop<T extends Json>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

// ── Classifications and tags ──────────────────────────────────────────────────────────────────

function classifications(): { classifications: Classification[]; tags: Tag[] } {
  const out: Classification[] = [];
  const tags: Tag[] = [];
  for (const file of ['piiTags.json', 'personalDataTags.json', 'tierTags.json']) {
    const raw = read(join('tags_bootstrap', file));
    const c = raw.createClassification;
    const classification: Classification = {
      id: stableUuid('classification', c.name),
      name: c.name,
      fullyQualifiedName: quoteName(c.name),
      description: c.description,
      provider: c.provider,
      mutuallyExclusive: String(c.mutuallyExclusive) === 'true',
      version: 0.1,
      updatedAt: SEEDED_AT,
      updatedBy: SEEDED_BY,
      deleted: false,
    };
    out.push(classification);
    for (const t of raw.createTags) {
      const fqn = joinFqn(c.name, t.name);
      tags.push({
        id: stableUuid('tag', fqn),
        name: t.name,
        fullyQualifiedName: fqn,
        description: t.description,
        classification: ref('classification', classification),
        version: 0.1,
        updatedAt: SEEDED_AT,
        updatedBy: SEEDED_BY,
        deprecated: false,
        deleted: false,
        provider: c.provider,
      });
    }
  }
  return { classifications: out, tags };
}

function tagLabel(tag: Tag): TagLabel {
  return { tagFQN: tag.fullyQualifiedName as string, name: tag.name, description: tag.description, source: 'Classification', labelType: 'Manual', state: 'Confirmed' };
}

// ── Tables ────────────────────────────────────────────────────────────────────────────────────

function column(raw: Json, parentFqn: string, sensitive: TagLabel): Column {
  const fqn = `${parentFqn}.${quoteName(raw.name)}`;
  return drop({
    name: raw.name,
    displayName: raw.displayName,
    dataType: raw.dataType,
    arrayDataType: raw.arrayDataType,
    dataLength: raw.dataLength,
    precision: raw.precision,
    scale: raw.scale,
    dataTypeDisplay: raw.dataTypeDisplay,
    description: raw.description,
    fullyQualifiedName: fqn,
    tags: SENSITIVE_COLUMNS.has(fqn) ? [sensitive] : [],
    constraint: raw.constraint,
    ordinalPosition: raw.ordinalPosition,
    jsonSchema: raw.jsonSchema,
    children: Array.isArray(raw.children) ? raw.children.map((c: Json) => column(c, fqn, sensitive)) : undefined,
  });
}

function database(sensitive: TagLabel): SeedDatabase {
  const serviceRaw = read('datasets/service.json');
  const dbRaw = read('datasets/database.json');
  const schemaRaw = read('datasets/database_schema.json');
  const service = { id: stableUuid('databaseService', serviceRaw.serviceName), name: serviceRaw.serviceName, fullyQualifiedName: quoteName(serviceRaw.serviceName), serviceType: 'BigQuery' };
  const dbFqn = joinFqn(service.name, dbRaw.name);
  const db = { id: stableUuid('database', dbFqn), name: dbRaw.name, fullyQualifiedName: dbFqn, description: dbRaw.description };
  const schemaFqn = joinFqn(service.name, dbRaw.name, schemaRaw.name);
  const schema = { id: stableUuid('databaseSchema', schemaFqn), name: schemaRaw.name, fullyQualifiedName: schemaFqn, description: schemaRaw.description };

  const tables: Table[] = read('datasets/tables.json').tables.map((raw: Json): Table => {
    const fqn = `${schemaFqn}.${quoteName(raw.name)}`;
    return drop({
      id: stableUuid('table', fqn),
      name: raw.name,
      fullyQualifiedName: fqn,
      description: raw.description,
      version: 0.1,
      updatedAt: raw.updatedAt,
      updatedBy: SEEDED_BY,
      tableType: raw.tableType,
      columns: raw.columns.map((c: Json) => column(c, fqn, sensitive)),
      tableConstraints: raw.tableConstraints,
      owners: [],
      databaseSchema: ref('databaseSchema', schema),
      database: ref('database', db),
      service: ref('databaseService', service),
      serviceType: service.serviceType,
      tags: [],
      followers: [],
      deleted: false,
    });
  });
  return { service, database: db, databaseSchema: schema, tables };
}

// ── Dashboards, ML model services, users, teams ─────────────────────────────────────────────────

/**
 * The samples point dashboards at `http://localhost:808/…` (Superset's port is 8088). Loopback
 * hosts fail the `url` format of basic.json#sourceUrl as JSON Schema validators read it, so the
 * seed uses `superset.localhost` (still loopback, RFC 6761) on Superset's port; paths are kept.
 */
function supersetUrl(sourceUrl: string): string {
  const url = new URL(sourceUrl);
  url.hostname = 'superset.localhost';
  url.port = '8088';
  return url.href;
}

function dashboards(): { services: SeedCatalog['dashboardServices']; dashboards: Dashboard[] } {
  const serviceRaw = read('dashboards/service.json');
  const service = { id: stableUuid('dashboardService', serviceRaw.serviceName), name: serviceRaw.serviceName, fullyQualifiedName: quoteName(serviceRaw.serviceName), serviceType: 'Superset' };
  const list: Dashboard[] = read('dashboards/dashboards.json').dashboards.map((raw: Json): Dashboard => {
    const fqn = `${service.fullyQualifiedName}.${quoteName(raw.name)}`;
    return drop({
      id: stableUuid('dashboard', fqn),
      name: raw.name,
      displayName: raw.displayName,
      fullyQualifiedName: fqn,
      description: raw.description,
      version: 0.1,
      updatedAt: SEEDED_AT,
      updatedBy: SEEDED_BY,
      dashboardType: 'Dashboard',
      sourceUrl: supersetUrl(raw.sourceUrl),
      owners: [],
      tags: [],
      service: ref('dashboardService', service),
      serviceType: service.serviceType,
      deleted: false,
    });
  });
  return { services: [service], dashboards: list };
}

function mlmodelServices(): MlModelService[] {
  const raw = read('models/service.json');
  return [
    {
      id: stableUuid('mlmodelService', raw.serviceName),
      name: raw.serviceName,
      fullyQualifiedName: quoteName(raw.serviceName),
      serviceType: raw.type,
      connection: { config: raw.serviceConnection.config },
      version: 0.1,
      updatedAt: SEEDED_AT,
      updatedBy: SEEDED_BY,
      owners: [],
      tags: [],
      deleted: false,
    },
  ];
}

/** OpenMetadata's own root team, parent of the sample's business units. */
const ORGANIZATION = 'Organization';

function teams(): Team[] {
  const raw: Json[] = read('teams/teams.json').teams;
  const all = [{ name: ORGANIZATION, teamType: 'Organization', parent: null, children: raw.filter((t) => !t.parent).map((t) => t.name) }, ...raw];
  const byName = new Map(all.map((t) => [t.name as string, { id: stableUuid('team', quoteName(t.name)), name: t.name as string, fullyQualifiedName: quoteName(t.name) }]));
  const teamRef = (name: string): EntityReference => ref('team', byName.get(name) as { id: string; name: string });
  return all.map((t) => ({
    ...(byName.get(t.name) as { id: string; name: string; fullyQualifiedName: string }),
    displayName: t.name,
    teamType: t.teamType,
    parents: (t.parent ?? (t.name === ORGANIZATION ? [] : [ORGANIZATION])).map(teamRef),
    children: (t.children ?? []).map(teamRef),
    version: 0.1,
    updatedAt: SEEDED_AT,
    updatedBy: SEEDED_BY,
    deleted: false,
  }));
}

function users(teamList: Team[]): User[] {
  const teamRef = (name: string): EntityReference => ref('team', teamList.find((t) => t.name === name) as Team);
  const user = (name: string, displayName: string, email: string, extra: Partial<User>, updatedAt = SEEDED_AT): User =>
    drop({
      id: stableUuid('user', quoteName(name)),
      name,
      fullyQualifiedName: quoteName(name),
      displayName,
      email,
      isBot: false,
      isAdmin: false,
      teams: [],
      version: 0.1,
      updatedAt,
      updatedBy: SEEDED_BY,
      deleted: false,
      ...extra,
    });
  // Every OpenMetadata server has these two: the default admin and the ingestion bot.
  const builtIn = [
    user('admin', 'admin', 'admin@open-metadata.org', { isAdmin: true }),
    user('ingestion-bot', 'ingestion-bot', 'ingestion-bot@open-metadata.org', { isBot: true }),
  ];
  const sample = read('users/users.json').users.map((u: Json) =>
    user(u.name, u.displayName, u.email, { isAdmin: !!u.isAdmin, timezone: u.timezone, teams: [].concat(u.teams ?? []).map(teamRef) }, u.updatedAt),
  );
  return [...builtIn, ...sample];
}

function lineage(tables: Table[]): SeedLineageEdge[] {
  const byFqn = new Map(tables.map((t) => [t.fullyQualifiedName, t]));
  const edges: SeedLineageEdge[] = [];
  for (const raw of read('lineage/lineage.json') as Json[]) {
    const from = byFqn.get(raw.from.fqn);
    const to = byFqn.get(raw.to.fqn);
    // Edges to pipelines and data models the seed does not have are left out.
    if (raw.from.type !== 'table' || raw.to.type !== 'table' || !from || !to) continue;
    edges.push(drop({ fromEntity: { id: from.id, type: 'table' }, toEntity: { id: to.id, type: 'table' }, lineageDetails: raw.sql_query ? { sqlQuery: raw.sql_query } : undefined }));
  }
  return edges;
}

function main(): void {
  mkdirSync(outDir, { recursive: true });
  const tagData = classifications();
  const sensitive = tagData.tags.find((t) => t.fullyQualifiedName === 'PII.Sensitive') as Tag;
  const db = database(tagLabel(sensitive));
  const dash = dashboards();
  const teamList = teams();
  write('tables.json', db);
  write('dashboards.json', dash);
  write('mlmodelServices.json', { services: mlmodelServices() });
  write('teams.json', { teams: teamList });
  write('users.json', { users: users(teamList) });
  write('classifications.json', tagData);
  write('lineage.json', { edges: lineage(db.tables) });
  console.log(`seed written to ${outDir}: ${db.tables.length} tables, ${dash.dashboards.length} dashboards, ${teamList.length} teams`);
}

main();
