// The committed seed (seed/*.json, from OpenMetadata's sample data; see
// server/scripts/generate-seed.ts). `empty` keeps only what every fresh OpenMetadata server has:
// the admin user, the ingestion bot, the Organization team and the PII, PersonalData and Tier tags.
import type { SeedCatalog, SeedDatabase, SeedService, SeedLineageEdge } from './seedTypes';
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

export function loadSeed(kind: SeedKind): SeedCatalog {
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
    };
  }
  const dashboards = copy<{ services: SeedService[]; dashboards: Dashboard[] }>(dashboardsJson);
  return {
    database,
    dashboardServices: dashboards.services,
    dashboards: dashboards.dashboards,
    mlmodelServices: copy<{ services: MlModelService[] }>(mlmodelServicesJson).services,
    users,
    teams,
    classifications: tags.classifications,
    tags: tags.tags,
    lineage: copy<{ edges: SeedLineageEdge[] }>(lineageJson).edges,
  };
}
