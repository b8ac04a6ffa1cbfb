// The shape of the committed seed files (seed/*.json), written by server/scripts/generate-seed.ts.
import type { Classification, Dashboard, EntityReference, LineageDetails, MlModelService, Table, Tag, Team, User } from '../openmetadata/types';

export interface SeedNamed {
  id: string;
  name: string;
  fullyQualifiedName: string;
  description?: string;
}

export interface SeedService extends SeedNamed {
  serviceType: string;
}

export interface SeedDatabase {
  service: SeedService;
  database: SeedNamed;
  databaseSchema: SeedNamed;
  tables: Table[];
}

export interface SeedLineageEdge {
  fromEntity: EntityReference;
  toEntity: EntityReference;
  lineageDetails?: LineageDetails;
}

/** A glossary term: tag labels with `source: Glossary` name it by FQN (`Glossary.Term`). */
export interface SeedGlossaryTerm extends SeedNamed {
  glossary: EntityReference;
}

export interface SeedCatalog {
  database: SeedDatabase;
  dashboardServices: SeedService[];
  dashboards: Dashboard[];
  mlmodelServices: MlModelService[];
  users: User[];
  teams: Team[];
  classifications: Classification[];
  tags: Tag[];
  lineage: SeedLineageEdge[];
  glossaries: SeedNamed[];
  glossaryTerms: SeedGlossaryTerm[];
  domains: SeedNamed[];
  dataProducts: SeedNamed[];
}
