// Everything the sandbox serves, built from a seed: the catalog (tables, dashboards, services,
// users, teams, classifications, tags), the ML models it stores and the lineage graph.
import type { Classification, Dashboard, EntityReference, MlModelService, TagLabel, Tag, Team, User } from '../../openmetadata/types';
import type { SeedCatalog, SeedGlossaryTerm, SeedNamed, SeedService } from '../seedTypes';
import { EntityCollection, referenceTo, type Named } from './collection';
import type { GeneratedTables } from './generatedTables';
import { LineageStore } from './lineage';
import { MlModelStore } from './mlmodels';
import { TableStore } from './tables';

export class SandboxStore {
  readonly tables: TableStore;
  readonly dashboards: EntityCollection<Dashboard>;
  readonly mlmodelServices: EntityCollection<MlModelService>;
  readonly dashboardServices: EntityCollection<SeedService>;
  readonly databaseServices: EntityCollection<SeedService>;
  readonly databases: EntityCollection<SeedNamed>;
  readonly databaseSchemas: EntityCollection<SeedNamed>;
  readonly users: EntityCollection<User>;
  readonly teams: EntityCollection<Team>;
  readonly classifications: EntityCollection<Classification>;
  readonly tags: EntityCollection<Tag & { disabled?: boolean }>;
  readonly glossaries: EntityCollection<SeedNamed>;
  readonly glossaryTerms: EntityCollection<SeedGlossaryTerm>;
  readonly domains: EntityCollection<SeedNamed>;
  readonly dataProducts: EntityCollection<SeedNamed>;
  readonly mlmodels = new MlModelStore();
  readonly lineage = new LineageStore();
  private readonly byType: Map<string, { byId(id: string): Named | undefined; byFqn(fqn: string): Named | undefined }>;

  constructor(seed: SeedCatalog, generated?: GeneratedTables) {
    this.tables = new TableStore(seed.database.tables, generated);
    this.dashboards = new EntityCollection('dashboard', seed.dashboards);
    this.mlmodelServices = new EntityCollection('mlmodelService', seed.mlmodelServices);
    this.dashboardServices = new EntityCollection('dashboardService', seed.dashboardServices);
    this.databaseServices = new EntityCollection('databaseService', seed.database.tables.length ? [seed.database.service] : []);
    this.databases = new EntityCollection('database', seed.database.tables.length ? [seed.database.database] : []);
    this.databaseSchemas = new EntityCollection('databaseSchema', seed.database.tables.length ? [seed.database.databaseSchema] : []);
    this.users = new EntityCollection('user', seed.users);
    this.teams = new EntityCollection('team', seed.teams);
    this.classifications = new EntityCollection('classification', seed.classifications);
    this.tags = new EntityCollection('tag', seed.tags);
    this.glossaries = new EntityCollection('glossary', seed.glossaries);
    this.glossaryTerms = new EntityCollection('glossaryTerm', seed.glossaryTerms);
    this.domains = new EntityCollection('domain', seed.domains);
    this.dataProducts = new EntityCollection('dataProduct', seed.dataProducts);
    const mlmodels = {
      byId: (id: string) => this.mlmodels.get(id),
      byFqn: (fqn: string) => this.mlmodels.getByFqn(fqn),
    };
    this.byType = new Map<string, { byId(id: string): Named | undefined; byFqn(fqn: string): Named | undefined }>([
      ['table', this.tables],
      ['mlmodel', mlmodels],
      ['dashboard', this.dashboards],
      ['mlmodelService', this.mlmodelServices],
      ['dashboardService', this.dashboardServices],
      ['databaseService', this.databaseServices],
      ['database', this.databases],
      ['databaseSchema', this.databaseSchemas],
      ['user', this.users],
      ['team', this.teams],
      ['classification', this.classifications],
      ['tag', this.tags],
      ['glossary', this.glossaries],
      ['glossaryTerm', this.glossaryTerms],
      ['domain', this.domains],
      ['dataProduct', this.dataProducts],
    ]);
    for (const edge of seed.lineage) this.lineage.add({ from: edge.fromEntity, to: edge.toEntity, lineageDetails: edge.lineageDetails });
  }

  /** Entity types the sandbox knows; upstream answers 404 for others. */
  knowsType(type: string): boolean {
    return this.byType.has(type);
  }

  entity(type: string, id: string): Named | undefined {
    return this.byType.get(type)?.byId(id);
  }

  entityByFqn(type: string, fqn: string): Named | undefined {
    return this.byType.get(type)?.byFqn(fqn);
  }

  reference(type: string, id: string): EntityReference | undefined {
    const entity = this.entity(type, id);
    return entity && referenceTo(type, entity);
  }

  tagLabel(tag: { fullyQualifiedName?: string; name: string; displayName?: string; description?: string }, label: Partial<TagLabel> = {}): TagLabel {
    return tagLabelFor(tag, label);
  }
}

/** A tag label with the tag's name and description filled in, as TagLabelUtil does. */
export function tagLabelFor(tag: { fullyQualifiedName?: string; name: string; displayName?: string; description?: string }, label: Partial<TagLabel> = {}): TagLabel {
  const out: TagLabel = {
    tagFQN: tag.fullyQualifiedName as string,
    name: tag.name,
    displayName: tag.displayName,
    description: tag.description,
    source: label.source ?? 'Classification',
    labelType: label.labelType ?? 'Manual',
    state: label.state ?? 'Confirmed',
  };
  if (out.displayName === undefined) delete out.displayName;
  return out;
}
