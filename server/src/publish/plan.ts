// What publishing a file will do, before doing it: the CreateMlModel request, the model as it is on
// the server (404: it will be created), the version the server will give it by OpenMetadata's rules
// (the same code the sandbox runs: ../openmetadata/versioning.ts), and the table → model lineage
// edges, new or already there. `execute.ts` carries a plan out.

import type { AuthoredModel } from '../service/model';
import { joinFqnFor, nameQuotingOf, normalizeFqn } from '../service/fqn';
import type { OpenMetadataClient } from '../openmetadata/client';
import type { ChangeDescription, CreateMlModel, EntityReference, MlModel } from '../openmetadata/types';
import { mlModelFromCreate } from '../openmetadata/mlmodelEntity';
import { planMlModelUpdate } from '../openmetadata/versioning';
import { entityUrl } from '../service/links';
import { compileModel } from './compile';
import { resolveReferences, type Unresolved } from './resolve';
import { planLineage, type PlannedLineage } from './lineage';

export interface PublishPlan {
  fqn: string;
  request: CreateMlModel;
  /** The model on the server now; undefined when publishing creates it. */
  current?: MlModel;
  action: 'create' | 'update' | 'unchanged';
  version: { from?: number; to: number };
  /** Fields whose change makes this a major version (algorithm, server, target). */
  majorFields: string[];
  /** Fields the publish adds, changes or removes, by name. */
  changedFields: string[];
  changeDescription?: ChangeDescription;
  /**
   * Tags on the server that the file does not list. A publish (PUT) merges tags and never removes
   * one, so these stay; the summary says so rather than letting a preview suggest otherwise.
   */
  keptTags: string[];
  /** Human summary, e.g. `0.3 → 1.3: algorithm changed`. */
  summary: string;
  /**
   * Every distinct source table (each gets a table → model edge), those already upstream, and the
   * edges of tables no longer a source: removed, or kept with why.
   */
  lineage: PlannedLineage;
  url?: string;
}

export interface PlanOptions {
  signal?: AbortSignal;
  now?: () => number;
}

export type PlanResult = { plan: PublishPlan; unresolved?: undefined } | { plan?: undefined; unresolved: Unresolved[] };

export async function planPublish(model: AuthoredModel, client: OpenMetadataClient, options: PlanOptions = {}): Promise<PlanResult> {
  const call = { signal: options.signal };
  const [resolution, identity, server] = await Promise.all([resolveReferences(model, client, call), client.whoAmI(call), client.serverInfo(call)]);
  if (resolution.unresolved.length) return { unresolved: resolution.unresolved };
  const request = compileModel(model, resolution);
  const service = resolution.service!;
  // The FQN as this server computes it: a name containing `"` is quoted differently per version.
  const quoting = nameQuotingOf(server.version);
  const fqn = `${service.fullyQualifiedName ?? request.service}.${joinFqnFor(quoting, request.name)}`;
  const current = await client.getMlModelByName(fqn, { signal: options.signal });
  const tables = distinctTables(request);
  const url = entityUrl(client.uiBaseUrl, 'mlmodel', fqn);

  if (!current) {
    return {
      plan: { fqn, request, action: 'create', version: { to: 0.1 }, majorFields: [], changedFields: [], keptTags: [], summary: 'new model, version 0.1', lineage: await planLineage(client, undefined, tables), url },
    };
  }
  const predicted = planMlModelUpdate(
    current,
    mlModelFromCreate(request, {
      id: current.id,
      service: current.service,
      serviceType: current.serviceType,
      dashboard: resolution.dashboard,
      owners: request.owners,
      tags: request.tags,
      updatedBy: identity.name,
      updatedAt: (options.now ?? Date.now)(),
      quoting,
    }),
    { operation: 'PUT', updatedBy: identity.name, updatedAt: (options.now ?? Date.now)(), byBot: identity.isBot },
  );
  const change = predicted.incrementalChangeDescription;
  const changedFields = [...new Set([...change.fieldsAdded, ...change.fieldsUpdated, ...change.fieldsDeleted].map((f) => f.name.split('.')[0]))];
  const lineage = await planLineage(client, current, tables, options.signal);
  const keptTags = keptTagsOf(current, request);
  const kept = keptTags.length ? `; kept on the server, not in the file (a publish never removes a tag): ${keptTags.join(', ')}` : '';
  return {
    plan: {
      fqn,
      request,
      current,
      action: predicted.noChange ? 'unchanged' : 'update',
      version: { from: predicted.previousVersion, to: predicted.version },
      majorFields: predicted.majorFields,
      changedFields,
      changeDescription: predicted.noChange ? undefined : change,
      keptTags,
      summary:
        (predicted.noChange
          ? `unchanged, version ${predicted.version}`
          : `${predicted.previousVersion} → ${predicted.version}: ${predicted.majorFields.length ? `${predicted.majorFields.join(', ')} changed (major)` : `${changedFields.join(', ')} changed`}`) + kept,
      lineage,
      url,
    },
  };
}

/** Tags the model has on the server (set by hand or by another tool) that the file does not list. */
function keptTagsOf(current: MlModel, request: CreateMlModel): string[] {
  const listed = new Set((request.tags ?? []).map((t) => t.tagFQN));
  return (current.tags ?? []).map((t) => t.tagFQN).filter((fqn) => !listed.has(fqn));
}

/** The distinct tables the features read, each once, in the order the file names them. */
function distinctTables(request: CreateMlModel): EntityReference[] {
  const seen = new Map<string, EntityReference>();
  for (const feature of request.mlFeatures ?? []) {
    for (const source of feature.featureSources ?? []) {
      const ref = source.dataSource;
      if (ref && !seen.has(ref.id)) seen.set(ref.id, { id: ref.id, type: ref.type, fullyQualifiedName: ref.fullyQualifiedName && (normalizeFqn(ref.fullyQualifiedName) ?? ref.fullyQualifiedName) });
    }
  }
  return [...seen.values()];
}
