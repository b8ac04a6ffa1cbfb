// Resolving a model's references against OpenMetadata before publishing: every distinct table,
// user, team, tag, the service and the dashboard, looked up once each (the client bounds how many
// requests run at once). What does not resolve is returned with the node that wrote it, so it can
// be reported on its line before anything is written.

import type { AuthoredModel } from '../service/model';
import { normalizeFqn } from '../service/fqn';
import type { CatalogCallOptions, EntityKind, ListedKind } from '../service/catalog';
import type { OpenMetadataClient } from '../openmetadata/client';
import type { EntityReference, TagSource } from '../openmetadata/types';
import { domainsOf, referencesOf, type Resolved } from './compile';

export interface Unresolved {
  /** Domains and data products are resolved only to publish (the catalog index does not know them). */
  kind: Exclude<EntityKind, 'column'> | 'domain' | 'dataProduct';
  name: string;
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
  const unresolved: Unresolved[] = [];
  const lookups: Array<Promise<void>> = [];

  const entityRef = async (kind: ListedKind, fqn: string, type: string) => {
    const e = await client.getEntity(kind, fqn, options);
    return e && { ref: { id: e.id, type, name: e.name, fullyQualifiedName: e.fullyQualifiedName } as EntityReference, detail: e.detail };
  };

  for (const { kind, fqn } of referencesOf(model)) {
    lookups.push(
      (async () => {
        if (kind === 'table') {
          const t = await client.getTable(fqn, options);
          if (t) entities.set(`table:${fqn}`, { id: t.id, type: 'table', name: t.name, fullyQualifiedName: t.fullyQualifiedName });
          else unresolved.push({ kind, name: fqn });
        } else if (kind === 'tag') {
          if (await client.getEntity('tag', fqn, options)) entities.set(`tag:${fqn}`, { id: '', type: 'tag', fullyQualifiedName: fqn });
          else unresolved.push({ kind, name: fqn });
        } else {
          const found = await entityRef(kind, fqn, ENTITY_TYPE[kind]);
          if (found) entities.set(`${kind}:${fqn}`, found.ref);
          else unresolved.push({ kind, name: fqn });
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
    // Every tag this resolved is a classification tag (the client looks tags up under /v1/tags).
    tagSource: (): TagSource => 'Classification',
  };
}
