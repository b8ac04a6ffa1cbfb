// The committed seed (seed/*.json, from OpenMetadata's sample data; see
// server/scripts/generate-seed.ts). `empty` keeps only what every fresh OpenMetadata server has:
// the admin user, the ingestion bot, the Organization team and the PII, PersonalData and Tier tags.
import type { SeedCatalog, SeedDatabase, SeedGlossaryTerm, SeedNamed, SeedService, SeedLineageEdge } from './seedTypes';
import { stableUuid } from './ids';
import type { Classification, Dashboard, MlModelService, Tag, Team, User } from '../openmetadata/types';
import tablesJson from './seed/tables.json';
import dashboardsJson from './seed/dashboards.json';
import mlmodelServicesJson from './seed/mlmodelServices.json';
import usersJson from './seed/users.json';
import teamsJson from './seed/teams.json';
import classificationsJson from './seed/classifications.json';
import lineageJson from './seed/lineage.json';

export type SeedKind = 'sample' | 'empty';

const BUILT_IN_USERS = new Set(['admin', 'ingestion-bot']);

function copy<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function named(type: string, name: string, description: string, fqn = name): SeedNamed & { teamType?: string } {
  return { id: stableUuid(type, fqn), name, fullyQualifiedName: fqn, description };
}

/**
 * What the sample data lacks and the server's write rules need, added by the sandbox: a small
 * glossary (tag labels with `source: Glossary`), a domain and a data product, and teams of the types
 * the sample teams miss (Division, Department), which can't own entities either.
 */
function sandboxAdditions(): Pick<SeedCatalog, 'glossaries' | 'glossaryTerms' | 'domains' | 'dataProducts'> & { teams: Team[] } {
  const glossary = named('glossary', 'Business Glossary', 'Terms the business agrees on.');
  const term = (name: string, description: string): SeedGlossaryTerm => ({
    ...named('glossaryTerm', name, description, `${glossary.name}.${name}`),
    glossary: { id: glossary.id, type: 'glossary', name: glossary.name, fullyQualifiedName: glossary.name },
  });
  const team = (name: string, teamType: string): Team => ({ ...named('team', name, `A ${teamType} team (sandbox).`), teamType, deleted: false });
  return {
    glossaries: [glossary],
    glossaryTerms: [term('Churn', 'A customer who stopped buying.'), term('Revenue', 'Money from sales, before costs.')],
    domains: [named('domain', 'Marketing', 'Campaigns, customers and their models.')],
    dataProducts: [named('dataProduct', 'CustomerInsights', 'Customer models and the tables they use.')],
    teams: [team('Analytics', 'Division'), team('Data Platform', 'Department')],
  };
}

export function loadSeed(kind: SeedKind): SeedCatalog {
  const additions = sandboxAdditions();
  const database = copy<SeedDatabase>(tablesJson);
  const users = copy<{ users: User[] }>(usersJson).users;
  const teams = copy<{ teams: Team[] }>(teamsJson).teams;
  const tags = copy<{ classifications: Classification[]; tags: Tag[] }>(classificationsJson);
  if (kind === 'empty') {
    const organization = teams.filter((t) => t.teamType === 'Organization').map((t) => ({ ...t, children: [] }));
    return {
      database: { ...database, tables: [] },
      dashboardServices: [],
      dashboards: [],
      mlmodelServices: [],
      users: users.filter((u) => BUILT_IN_USERS.has(u.name)),
      teams: organization,
      classifications: tags.classifications,
      tags: tags.tags,
      lineage: [],
      glossaries: [],
      glossaryTerms: [],
      domains: [],
      dataProducts: [],
    };
  }
  const dashboards = copy<{ services: SeedService[]; dashboards: Dashboard[] }>(dashboardsJson);
  return {
    database,
    dashboardServices: dashboards.services,
    dashboards: dashboards.dashboards,
    mlmodelServices: copy<{ services: MlModelService[] }>(mlmodelServicesJson).services,
    users,
    teams: [...teams, ...additions.teams],
    classifications: tags.classifications,
    tags: tags.tags,
    lineage: copy<{ edges: SeedLineageEdge[] }>(lineageJson).edges,
    glossaries: additions.glossaries,
    glossaryTerms: additions.glossaryTerms,
    domains: additions.domains,
    dataProducts: additions.dataProducts,
  };
}
