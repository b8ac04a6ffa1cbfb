// How the server turns a CreateMlModel request into the MlModel entity it stores
// (MlModelMapper.createToEntity + MlModelRepository.setFullyQualifiedName), for the version the
// server runs (./capabilities.ts). Pure: the references the server would look up are passed in, so
// the publish planner predicts from the entity the server will compare.
import { quoteName } from '../service/fqn';
import type { Capabilities } from './capabilities';
import type { CreateMlModel, EntityReference, MlFeature, MlModel, TagLabel } from './types';

/** What the server resolves from the request's FQNs before building the entity. */
export interface ResolvedCreate {
  id: string;
  service: EntityReference;
  serviceType?: string;
  dashboard?: EntityReference;
  /** Owner references as the server expands them (name, fullyQualifiedName, displayName…). */
  owners?: EntityReference[];
  /** Tag labels with the tag's name and description filled in. */
  tags?: TagLabel[];
  /** The request's domains, resolved; one before 1.9. */
  domains?: EntityReference[];
  dataProducts?: EntityReference[];
  updatedBy: string;
  updatedAt: number;
}

/** `FullyQualifiedName.add(prefix, name)`; Java concatenates a missing prefix as "null". */
function addToFqn(prefix: string | undefined, name: string | undefined): string {
  return `${prefix ?? 'null'}.${quoteName(name ?? 'null')}`;
}

/**
 * Sets the model, feature and feature-source FQNs in place. A source's FQN hangs off its
 * `dataSource.fullyQualifiedName`, so a reference sent without one yields `null.<source>` upstream:
 * clients should always send the table FQN in the reference.
 */
export function setMlModelFqns(model: MlModel): MlModel {
  model.fullyQualifiedName = addToFqn(model.service.fullyQualifiedName, model.name);
  for (const feature of model.mlFeatures ?? []) {
    feature.fullyQualifiedName = addToFqn(model.fullyQualifiedName, feature.name);
    for (const source of feature.featureSources ?? []) {
      source.fullyQualifiedName = source.dataSource
        ? addToFqn(source.dataSource.fullyQualifiedName, source.name)
        : source.name;
    }
  }
  return model;
}

/** From 1.6 a feature source's `tags` has the schema default `[]`, which the server stores and returns. */
function copyFeatures(features: MlFeature[] | undefined, capabilities: Pick<Capabilities, 'featureSourceTagsDefault'>): MlFeature[] | undefined {
  const copy = features && (JSON.parse(JSON.stringify(features)) as MlFeature[]);
  if (capabilities.featureSourceTagsDefault) for (const feature of copy ?? []) for (const source of feature.featureSources ?? []) source.tags ??= [];
  return copy;
}

/** The entity the server builds from a create request, FQNs set, before versioning. */
export function mlModelFromCreate(create: CreateMlModel, resolved: ResolvedCreate, capabilities: Pick<Capabilities, 'featureSourceTagsDefault' | 'domainField'>): MlModel {
  const domains = resolved.domains?.length ? resolved.domains : undefined;
  const model: MlModel = {
    id: resolved.id,
    name: create.name,
    displayName: create.displayName,
    description: create.description,
    // The request schema defaults `algorithm`; omitting it on an update is a major change.
    algorithm: create.algorithm ?? 'mlmodel',
    mlFeatures: copyFeatures(create.mlFeatures, capabilities),
    mlHyperParameters: create.mlHyperParameters?.map((p) => ({ ...p })),
    target: create.target,
    dashboard: resolved.dashboard,
    mlStore: create.mlStore && { ...create.mlStore },
    server: create.server,
    owners: resolved.owners,
    tags: resolved.tags,
    version: 0.1,
    updatedAt: resolved.updatedAt,
    updatedBy: resolved.updatedBy,
    service: resolved.service,
    serviceType: resolved.serviceType,
    deleted: false,
    extension: create.extension,
    sourceUrl: create.sourceUrl,
    ...(capabilities.domainField === 'domain' ? { domain: domains?.[0] } : { domains }),
    dataProducts: resolved.dataProducts,
    lifeCycle: create.lifeCycle,
    sourceHash: create.sourceHash,
    entityStatus: 'Approved',
  };
  return setMlModelFqns(model);
}

/** The distinct `dataSource` references of a model's feature sources, in first-seen order. */
export function featureDataSources(model: Pick<MlModel, 'mlFeatures'>): EntityReference[] {
  const seen = new Map<string, EntityReference>();
  for (const feature of model.mlFeatures ?? []) {
    for (const source of feature.featureSources ?? []) {
      const ref = source.dataSource;
      if (ref && !seen.has(`${ref.type}:${ref.id}`)) seen.set(`${ref.type}:${ref.id}`, ref);
    }
  }
  return [...seen.values()];
}
