// Resolving and validating the references in a request, in the server's order and with its
// messages (CatalogExceptionMessage): services and dashboards by FQN, owners by id (users, or one
// team of type Group), tags and glossary terms by FQN, domains and data products by FQN, feature
// data sources by id and type. The entity is built here too (MlModelMapper.createToEntity +
// MlModelRepository.setFullyQualifiedName), with the sandbox's own FQN rules.
import { randomUUID } from 'node:crypto';
import type { CreateMlModel, EntityReference, MlFeature, MlModel as WireMlModel, TagLabel } from '../openmetadata/types';
import { addToFqn } from './fqn';
import { ApiError, badRequest, entityNotFound } from './http/apiError';
import type { Principal } from './http/context';
import type { ServerRules } from './serverVersions';
import { referenceTo, type Named } from './store/collection';
import type { SandboxStore } from './store/sandboxStore';

/** An ML model as the sandbox stores it: before 1.9 with one `domain` instead of `domains`. */
export type MlModel = WireMlModel & { domain?: EntityReference };

export function requireEntity(store: SandboxStore, type: string, id: string): Named {
  if (!store.knowsType(type)) throw new ApiError(404, `Entity repository for ${type} not found. Is the ENTITY_TYPE_MAP initialized?`);
  const entity = store.entity(type, id);
  if (!entity || entity.deleted) throw entityNotFound(type, id);
  return entity;
}

function requireByFqn(store: SandboxStore, type: string, fqn: string): Named {
  const entity = store.knowsType(type) ? store.entityByFqn(type, fqn) : undefined;
  if (!entity || entity.deleted) throw entityNotFound(type, fqn);
  return entity;
}

/** EntityRepository.validateOwners: users, or teams of type Group, that exist and are not deleted. */
export function resolveOwners(store: SandboxStore, owners: EntityReference[] | undefined): EntityReference[] | undefined {
  if (!owners?.length) return undefined;
  const resolved = owners.map((owner) => {
    if (owner.type === 'team') {
      const team = store.teams.byId(owner.id);
      if (!team || team.deleted) throw entityNotFound('team', owner.id);
      if (team.teamType !== 'Group') throw badRequest(`Team of type ${team.teamType} can't own entities. Only Team of type Group can own entities.`);
    } else if (owner.type !== 'user') {
      throw badRequest(`Entity of type ${owner.type} can't be the owner. Only Team of type Group or a User can own entities.`);
    }
    return referenceTo(owner.type, requireEntity(store, owner.type, owner.id));
  });
  return resolved;
}

/** TagLabelUtil.applyTagCommonFields: the tag (or glossary term) must exist; name and description are copied in. */
export function resolveTags(store: SandboxStore, labels: TagLabel[] | undefined): TagLabel[] | undefined {
  return labels?.map((label) => {
    if (label.source === 'Glossary') {
      const term = store.glossaryTerms.byFqn(label.tagFQN);
      if (!term) throw entityNotFound('glossaryTerm', label.tagFQN);
      return store.tagLabel(term, label);
    }
    const tag = store.tags.byFqn(label.tagFQN);
    if (!tag) throw entityNotFound('tag', label.tagFQN);
    if (tag.disabled) throw badRequest(`Tag label ${label.tagFQN} is disabled and can't be assigned to a data asset.`);
    return store.tagLabel(tag, label);
  });
}

/** TagLabelUtil.checkMutuallyExclusive: two tags of one mutually exclusive classification (Tier.Tier1, Tier.Tier2). */
export function checkMutuallyExclusive(store: SandboxStore, labels: TagLabel[] | undefined): void {
  const byParent = new Map<string, TagLabel>();
  for (const label of labels ?? []) {
    if (label.source === 'Glossary') continue;
    const parent = label.tagFQN.includes('.') ? label.tagFQN.slice(0, label.tagFQN.lastIndexOf('.')) : label.tagFQN;
    const stored = byParent.get(parent);
    byParent.set(parent, label);
    if (stored && store.classifications.byFqn(parent)?.mutuallyExclusive) {
      throw badRequest(`Tag labels ${label.tagFQN} and ${stored.tagFQN} are mutually exclusive and can't be assigned together`);
    }
  }
}

/** Sets the model, feature and feature-source FQNs (MlModelRepository.setFullyQualifiedName). */
export function setMlModelFqns(model: MlModel, rules: ServerRules): MlModel {
  model.fullyQualifiedName = addToFqn(model.service.fullyQualifiedName, model.name, rules.quoteInName);
  for (const feature of model.mlFeatures ?? []) {
    feature.fullyQualifiedName = addToFqn(model.fullyQualifiedName, feature.name ?? 'null', rules.quoteInName);
    for (const source of feature.featureSources ?? []) {
      source.fullyQualifiedName = source.dataSource ? addToFqn(source.dataSource.fullyQualifiedName, source.name ?? 'null', rules.quoteInName) : source.name;
    }
  }
  return model;
}

/**
 * MlModelRepository.prepare: data sources exist, feature tags compatible, dashboard exists.
 * A data source is only checked (validateMlDataSource discards the lookup): the stored feature source
 * keeps the reference as the client sent it, where the dashboard is replaced by the stored one.
 */
export function prepareMlModel(store: SandboxStore, model: MlModel, rules: ServerRules): void {
  for (const feature of model.mlFeatures ?? []) {
    for (const source of feature.featureSources ?? []) {
      if (source.dataSource) requireEntity(store, source.dataSource.type, source.dataSource.id);
      if (rules.featureSourceTagsDefault) source.tags ??= [];
    }
    // Only the newest line enriches (and so looks up) a feature's labels; before, they are stored as sent.
    if (rules.featureRulesOnPut) feature.tags = resolveTags(store, feature.tags);
    checkMutuallyExclusive(store, feature.tags);
  }
  if (model.dashboard) model.dashboard = referenceTo('dashboard', requireEntity(store, 'dashboard', model.dashboard.id));
  setMlModelFqns(model, rules);
}

/** The distinct feature data sources, in first-seen order (setMlFeatureSourcesLineage draws one edge each). */
export function featureDataSources(model: Pick<MlModel, 'mlFeatures'>): EntityReference[] {
  const seen = new Map<string, EntityReference>();
  for (const feature of model.mlFeatures ?? []) {
    for (const source of feature.featureSources ?? []) {
      const ref = source.dataSource;
      if (ref && !seen.has(ref.id)) seen.set(ref.id, ref);
    }
  }
  return [...seen.values()];
}

function copyFeatures(features: MlFeature[] | undefined): MlFeature[] | undefined {
  return features && (JSON.parse(JSON.stringify(features)) as MlFeature[]);
}

/** The create request's domains, by the key this version's request has. */
function resolveDomains(store: SandboxStore, create: CreateMlModel & { domains?: string[] }, rules: ServerRules): Pick<MlModel, 'domain' | 'domains'> {
  if (rules.domainField === 'domain') {
    return create.domain === undefined ? {} : { domain: referenceTo('domain', requireByFqn(store, 'domain', create.domain)) };
  }
  const domains = (create.domains ?? []).map((fqn) => referenceTo('domain', requireByFqn(store, 'domain', fqn)));
  return domains.length ? { domains } : {};
}

/** The entity a CreateMlModel request describes (MlModelMapper.createToEntity + prepareInternal). */
export function mlModelFromRequest(store: SandboxStore, create: CreateMlModel, principal: Principal, now: number, rules: ServerRules): MlModel {
  const service = store.mlmodelServices.byFqn(create.service);
  if (!service || service.deleted) throw entityNotFound('mlmodelService', create.service);
  const dashboard = create.dashboard === undefined ? undefined : referenceTo('dashboard', requireByFqn(store, 'dashboard', create.dashboard));
  const owners = resolveOwners(store, create.owners);
  const domains = resolveDomains(store, create, rules);
  const dataProducts = create.dataProducts?.length ? create.dataProducts.map((fqn) => referenceTo('dataProduct', requireByFqn(store, 'dataProduct', fqn))) : undefined;
  const tags = resolveTags(store, create.tags);
  checkMutuallyExclusive(store, tags);
  const model: MlModel = {
    id: randomUUID(),
    name: create.name,
    displayName: create.displayName,
    description: create.description,
    // The request schema defaults `algorithm` to "mlmodel".
    algorithm: create.algorithm ?? 'mlmodel',
    mlFeatures: copyFeatures(create.mlFeatures),
    mlHyperParameters: create.mlHyperParameters?.map((p) => ({ ...p })),
    target: create.target,
    dashboard,
    mlStore: create.mlStore && { ...create.mlStore },
    server: create.server,
    owners,
    tags,
    version: 0.1,
    updatedAt: now,
    updatedBy: principal.name,
    service: referenceTo('mlmodelService', service),
    serviceType: service.serviceType,
    deleted: false,
    extension: create.extension,
    sourceUrl: create.sourceUrl,
    ...domains,
    dataProducts,
    lifeCycle: create.lifeCycle,
    sourceHash: create.sourceHash,
    entityStatus: rules.entityStatus ? 'Approved' : undefined,
  };
  prepareMlModel(store, model, rules);
  return model;
}
