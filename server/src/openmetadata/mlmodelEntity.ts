// How the server turns a CreateMlModel request into the MlModel entity it stores
// (MlModelMapper.createToEntity + MlModelRepository.setFullyQualifiedName). Pure: the references
// the server would look up are passed in, so the sandbox and the publish planner build the same entity.
import { NEWEST_QUOTING, quoteName, type NameQuoting } from '../service/fqn';
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
  domains?: EntityReference[];
  dataProducts?: EntityReference[];
  updatedBy: string;
  updatedAt: number;
  /** How the server quotes a name containing `"` (its version's; the newest when absent). */
  quoting?: NameQuoting;
}

/** `FullyQualifiedName.add(prefix, name)`; Java concatenates a missing prefix as "null". */
function addToFqn(prefix: string | undefined, name: string | undefined, quoting: NameQuoting): string {
  return `${prefix ?? 'null'}.${quoteName(name ?? 'null', quoting)}`;
}

/**
 * Sets the model, feature and feature-source FQNs in place. A source's FQN hangs off its
 * `dataSource.fullyQualifiedName`, so a reference sent without one yields `null.<source>` upstream:
 * clients should always send the table FQN in the reference.
 */
export function setMlModelFqns(model: MlModel, quoting: NameQuoting = NEWEST_QUOTING): MlModel {
  model.fullyQualifiedName = addToFqn(model.service.fullyQualifiedName, model.name, quoting);
  for (const feature of model.mlFeatures ?? []) {
    feature.fullyQualifiedName = addToFqn(model.fullyQualifiedName, feature.name, quoting);
    for (const source of feature.featureSources ?? []) {
      source.fullyQualifiedName = source.dataSource
        ? addToFqn(source.dataSource.fullyQualifiedName, source.name, quoting)
        : source.name;
    }
  }
  return model;
}

function copyFeatures(features: MlFeature[] | undefined): MlFeature[] | undefined {
  return features && (JSON.parse(JSON.stringify(features)) as MlFeature[]);
}

/** The entity the server builds from a create request, FQNs set, before versioning. */
export function mlModelFromCreate(create: CreateMlModel, resolved: ResolvedCreate): MlModel {
  const model: MlModel = {
    id: resolved.id,
    name: create.name,
    displayName: create.displayName,
    description: create.description,
    // The request schema defaults `algorithm`; omitting it on an update is a major change.
    algorithm: create.algorithm ?? 'mlmodel',
    mlFeatures: copyFeatures(create.mlFeatures),
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
    domains: resolved.domains,
    dataProducts: resolved.dataProducts,
    lifeCycle: create.lifeCycle,
    sourceHash: create.sourceHash,
    entityStatus: 'Approved',
  };
  return setMlModelFqns(model, resolved.quoting);
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
