// What publishing a file will do, before doing it: the CreateMlModel request, the model as it is on
// the server (404: it will be created), the version the server will give it by OpenMetadata's rules
// (../openmetadata/versioning.ts, with the rules of the server's version: ../openmetadata/capabilities.ts),
// and the table → model lineage edges, new or already there. `execute.ts` carries a plan out.

import type { AuthoredModel } from '../service/model';
import { joinFqn, normalizeFqn } from '../service/fqn';
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
  /**
   * On servers that merge feature tags on PUT (the newest line), tags a feature has on the server
   * that the file does not list for it: they stay, so the feature differs from the file after
   * every publish.
   */
  keptFeatureTags: Array<{ feature: string; tags: string[] }>;
  /** Data products the model has on the server that the file does not name: a PUT replaces them, so these go. */
  removedDataProducts: string[];
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

/**
 * Throws FieldProblemError (./compile.ts) for what the server's version cannot take as written.
 */
export async function planPublish(model: AuthoredModel, client: OpenMetadataClient, options: PlanOptions = {}): Promise<PlanResult> {
  const call = { signal: options.signal };
  const [resolution, identity, capabilities] = await Promise.all([resolveReferences(model, client, call), client.whoAmI(call), client.capabilities(call)]);
  if (resolution.unresolved.length) return { unresolved: resolution.unresolved };
  const request = compileModel(model, resolution, capabilities);
  const service = resolution.service!;
  const fqn = joinFqn(service.fullyQualifiedName ?? request.service, request.name);
  const current = await client.getMlModelByName(fqn, { signal: options.signal });
  const tables = distinctTables(request);
  const url = entityUrl(client.uiBaseUrl, 'mlmodel', fqn);

  if (!current) {
    return {
      plan: { fqn, request, action: 'create', version: { to: 0.1 }, majorFields: [], changedFields: [], keptTags: [], keptFeatureTags: [], removedDataProducts: [], summary: 'new model, version 0.1', lineage: await planLineage(client, undefined, tables), url },
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
      domains: resolution.domains,
      dataProducts: resolution.dataProducts,
      updatedBy: identity.name,
      updatedAt: (options.now ?? Date.now)(),
    }, capabilities),
    { operation: 'PUT', updatedBy: identity.name, updatedAt: (options.now ?? Date.now)(), byBot: identity.isBot, capabilities },
  );
  const change = predicted.incrementalChangeDescription;
  const stored = predicted.storedWithoutVersion;
  const changedFields = [...new Set([...change.fieldsAdded, ...change.fieldsUpdated, ...change.fieldsDeleted].map((f) => f.name.split('.')[0]).concat(stored))];
  const lineage = await planLineage(client, current, tables, options.signal);
  const keptTags = keptTagsOf(current, request);
  const keptFeatureTags = capabilities.featureRulesOnPut ? keptFeatureTagsOf(current, request) : [];
  const removedDataProducts = (current.dataProducts ?? []).filter((d) => !resolution.dataProducts.some((r) => r.id === d.id)).map((d) => d.fullyQualifiedName ?? d.name ?? d.id);
  const unchanged = predicted.noChange && !stored.length;
  const what = predicted.majorFields.length ? `${predicted.majorFields.join(', ')} changed (major)` : `${changedFields.join(', ')} changed`;
  return {
    plan: {
      fqn,
      request,
      current,
      action: unchanged ? 'unchanged' : 'update',
      version: { from: predicted.previousVersion, to: predicted.version },
      majorFields: predicted.majorFields,
      changedFields,
      changeDescription: predicted.noChange ? undefined : change,
      keptTags,
      keptFeatureTags,
      removedDataProducts,
      summary:
        (unchanged
          ? `unchanged, version ${predicted.version}`
          : predicted.noChange
            ? `version ${predicted.version} kept: ${what} (OpenMetadata ${capabilities.serverVersion} stores ${stored.join(', ')} without a new version)`
            : `${predicted.previousVersion} → ${predicted.version}: ${what}`) + notes(keptTags, keptFeatureTags, removedDataProducts),
      lineage,
      url,
    },
  };
}

/** What a publish leaves on the server, or takes away, that the file alone would not say. */
function notes(keptTags: string[], keptFeatureTags: PublishPlan['keptFeatureTags'], removedDataProducts: string[]): string {
  const kept = [...keptTags, ...keptFeatureTags.map((f) => `${f.tags.join(', ')} on feature ${f.feature}`)];
  return (
    (kept.length ? `; kept on the server, not in the file (a publish never removes a tag): ${kept.join(', ')}` : '') +
    (removedDataProducts.length ? `; removes data products not in the file (a publish replaces them): ${removedDataProducts.join(', ')}` : '')
  );
}

/**
 * Tags each feature has on the server that the file does not list for it (features paired by
 * name, as the newest servers pair them when merging feature tags on PUT).
 */
function keptFeatureTagsOf(current: MlModel, request: CreateMlModel): PublishPlan['keptFeatureTags'] {
  const out: PublishPlan['keptFeatureTags'] = [];
  for (const feature of request.mlFeatures ?? []) {
    const stored = current.mlFeatures?.find((f) => f.name === feature.name);
    const listed = new Set((feature.tags ?? []).map((t) => t.tagFQN));
    const tags = (stored?.tags ?? []).map((t) => t.tagFQN).filter((fqn) => !listed.has(fqn));
    if (tags.length) out.push({ feature: feature.name ?? '', tags });
  }
  return out;
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
