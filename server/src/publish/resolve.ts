// Resolving a model's references against OpenMetadata before publishing: every distinct table,
// user, team, tag (a classification tag or a glossary term), the service, the dashboard, the domain
// and the data products, looked up once each (the client bounds how many
// requests run at once). What does not resolve is returned with the node that wrote it, so it can
// be reported on its line before anything is written.

import type { AuthoredModel } from '../service/model';
import { normalizeFqn } from '../service/fqn';
import type { CatalogCallOptions, CatalogEntity, EntityKind, ListedKind } from '../service/catalog';
import type { OpenMetadataClient } from '../openmetadata/client';
import type { EntityReference, TagSource } from '../openmetadata/types';
import { domainsOf, referencesOf, type Resolved } from './compile';

export interface Unresolved {
  /** Domains and data products are resolved only to publish (the catalog index does not know them). */
  kind: Exclude<EntityKind, 'column'> | 'domain' | 'dataProduct';
  name: string;
  /** It exists, but the server refuses it here (a deleted owner, a team not of type Group): why. */
  refused?: string;
}

export interface Resolution extends Resolved {
  service?: EntityReference & { serviceType?: string };
  dashboard?: EntityReference;
  /** The file's domains and data products as the server's references, in the file's order. */
  domains: EntityReference[];
  dataProducts: EntityReference[];
  unresolved: Unresolved[];
}

const ENTITY_TYPE: Record<'user' | 'team', string> = { user: 'user', team: 'team' };

export async function resolveReferences(model: AuthoredModel, client: OpenMetadataClient, options: CatalogCallOptions = {}): Promise<Resolution> {
  const entities = new Map<string, EntityReference>();
  const tagSources = new Map<string, TagSource>();
  const unresolved: Unresolved[] = [];
  const lookups: Array<Promise<void>> = [];

  const entityRef = async (kind: ListedKind, fqn: string, type: string) => {
    const e = await client.getEntity(kind, fqn, options);
    return e && { ref: { id: e.id, type, name: e.name, fullyQualifiedName: e.fullyQualifiedName } as EntityReference, detail: e.detail, entity: e };
  };

  for (const { kind, fqn } of referencesOf(model)) {
    lookups.push(
      (async () => {
        if (kind === 'table') {
          const t = await client.getTable(fqn, options);
          if (t) entities.set(`table:${fqn}`, { id: t.id, type: 'table', name: t.name, fullyQualifiedName: t.fullyQualifiedName });
          else unresolved.push({ kind, name: fqn });
        } else if (kind === 'tag') {
          // A classification tag or a glossary term: the label's `source` says which.
          const tag = await client.getEntity('tag', fqn, options);
          if (tag) tagSources.set(fqn, tag.source ?? 'Classification');
          else unresolved.push({ kind, name: fqn });
        } else {
          const found = await entityRef(kind, fqn, ENTITY_TYPE[kind]);
          const refused = found && ownerRefusal(kind, found.entity);
          if (found && !refused) entities.set(`${kind}:${fqn}`, found.ref);
          else unresolved.push(refused ? { kind, name: fqn, refused } : { kind, name: fqn });
        }
      })(),
    );
  }

  let service: Resolution['service'];
  const serviceFqn = typeof model.service === 'string' ? normalizeFqn(model.service) ?? model.service : undefined;
  if (serviceFqn) {
    lookups.push(
      entityRef('mlmodelService', serviceFqn, 'mlmodelService').then((found) => {
        if (found) service = { ...found.ref, serviceType: found.detail };
        else unresolved.push({ kind: 'mlmodelService', name: serviceFqn });
      }),
    );
  }
  let dashboard: EntityReference | undefined;
  const dashboardFqn = typeof model.dashboard === 'string' ? normalizeFqn(model.dashboard) ?? model.dashboard : undefined;
  if (dashboardFqn) {
    lookups.push(
      entityRef('dashboard', dashboardFqn, 'dashboard').then((found) => {
        if (found) dashboard = found.ref;
        else unresolved.push({ kind: 'dashboard', name: dashboardFqn });
      }),
    );
  }
  // Looked up by FQN as the server does, so the version a publish predicts compares them by id.
  const byFqn = (kind: 'domain' | 'dataProduct', names: string[]): Array<EntityReference | undefined> => {
    const found: Array<EntityReference | undefined> = names.map(() => undefined);
    names.forEach((fqn, i) =>
      lookups.push(
        client.getDomainReference(kind, fqn, options).then((ref) => {
          if (ref) found[i] = ref;
          else unresolved.push({ kind, name: fqn });
        }),
      ),
    );
    return found;
  };
  let domainNames: string[] = [];
  try {
    domainNames = domainsOf(model);
  } catch {
    // Both keys: compiling the request says so, on the line.
  }
  const domains = byFqn('domain', domainNames);
  const dataProducts = byFqn('dataProduct', model.dataProducts ?? []);
  await Promise.all(lookups);

  return {
    service,
    dashboard,
    domains: domains.filter((d) => d !== undefined),
    dataProducts: dataProducts.filter((d) => d !== undefined),
    unresolved,
    entity: (kind, fqn) => entities.get(`${kind}:${fqn}`),
    tagSource: (fqn) => tagSources.get(fqn) ?? 'Classification',
  };
}

/** Why the server refuses an owner that exists (EntityRepository.validateOwners), if it does. */
function ownerRefusal(kind: 'user' | 'team', owner: CatalogEntity): string | undefined {
  if (owner.deleted) return `the ${kind} \`${owner.name}\` is deleted: OpenMetadata refuses a deleted owner.`;
  if (kind === 'team' && owner.teamType && owner.teamType !== 'Group') return `Team of type ${owner.teamType} can't own entities. Only Team of type Group can own entities.`;
  return undefined;
}
