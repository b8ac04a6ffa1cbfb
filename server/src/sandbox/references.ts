// Resolving and validating the references in a request, in the server's order and with its
// messages: services and dashboards by FQN, owners by id (users, or teams of type Group), tags by
// FQN (filled in with name and description), feature data sources by id and type.
import { randomUUID } from 'node:crypto';
import { mlModelFromCreate, setMlModelFqns } from '../openmetadata/mlmodelEntity';
import type { CreateMlModel, EntityReference, MlModel, TagLabel } from '../openmetadata/types';
import { ApiError, badRequest, entityNotFound } from './http/apiError';
import { MLMODEL_HAS_ENTITY_STATUS } from './present';
import type { Principal } from './http/context';
import { referenceTo, type Named } from './store/collection';
import type { SandboxStore } from './store/sandboxStore';

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

/** EntityRepository.validateOwners: users, or teams of type Group, that exist. */
export function resolveOwners(store: SandboxStore, owners: EntityReference[] | undefined): EntityReference[] | undefined {
  if (!owners?.length) return undefined;
  return owners.map((owner) => {
    if (owner.type === 'team') {
      const team = store.teams.byId(owner.id);
      if (!team) throw entityNotFound('team', owner.id);
      if (team.teamType !== 'Group') {
        throw badRequest(`Team of type ${team.teamType} can't own entities. Only Team of type Group can own entities.`);
      }
    } else if (owner.type !== 'user') {
      throw badRequest(`Entity of type ${owner.type} can't be the owner. Only Team of type Group or a User can own entities.`);
    }
    return referenceTo(owner.type, requireEntity(store, owner.type, owner.id));
  });
}

/** TagLabelUtil.applyTagCommonFields: the tag must exist; its name and description are copied in. */
export function resolveTags(store: SandboxStore, labels: TagLabel[] | undefined): TagLabel[] | undefined {
  return labels?.map((label) => {
    if (label.source === 'Glossary') throw entityNotFound('glossaryTerm', label.tagFQN);
    const tag = store.tags.byFqn(label.tagFQN);
    if (!tag) throw entityNotFound('tag', label.tagFQN);
    return store.tagLabel(tag, label);
  });
}

/** Two tags of one mutually exclusive classification (e.g. Tier.Tier1 and Tier.Tier2) can't go together. */
export function checkMutuallyExclusive(store: SandboxStore, labels: TagLabel[] | undefined): void {
  const byParent = new Map<string, TagLabel>();
  for (const label of labels ?? []) {
    const parent = label.tagFQN.includes('.') ? label.tagFQN.slice(0, label.tagFQN.lastIndexOf('.')) : label.tagFQN;
    const stored = byParent.get(parent);
    byParent.set(parent, label);
    const classification = store.classifications.byFqn(parent);
    if (stored && classification?.mutuallyExclusive) {
      throw badRequest(`Tag labels ${label.tagFQN} and ${stored.tagFQN} are mutually exclusive and can't be assigned together`);
    }
  }
}

/** MlModelRepository.prepare: data sources exist, feature tags compatible, dashboard exists. */
export function prepareMlModel(store: SandboxStore, model: MlModel): void {
  for (const feature of model.mlFeatures ?? []) {
    for (const source of feature.featureSources ?? []) {
      if (source.dataSource) requireEntity(store, source.dataSource.type, source.dataSource.id);
    }
    checkMutuallyExclusive(store, feature.tags);
  }
  if (model.dashboard) model.dashboard = referenceTo('dashboard', requireEntity(store, 'dashboard', model.dashboard.id));
  try {
    setMlModelFqns(model);
  } catch {
    throw badRequest(`Invalid name ${model.name}`);
  }
}

/** The entity a CreateMlModel request describes (MlModelMapper.createToEntity + prepareInternal). */
export function mlModelFromRequest(store: SandboxStore, create: CreateMlModel, principal: Principal, now: number): MlModel {
  const service = store.mlmodelServices.byFqn(create.service);
  if (!service || service.deleted) throw entityNotFound('mlmodelService', create.service);
  const dashboard = create.dashboard === undefined ? undefined : referenceTo('dashboard', requireByFqn(store, 'dashboard', create.dashboard));
  const owners = resolveOwners(store, create.owners);
  if (create.domain !== undefined) throw entityNotFound('domain', create.domain);
  if (create.dataProducts?.length) throw entityNotFound('dataProduct', create.dataProducts[0]);
  const tags = resolveTags(store, create.tags);
  checkMutuallyExclusive(store, tags);
  let model: MlModel;
  try {
    model = mlModelFromCreate(create, {
      id: randomUUID(),
      service: referenceTo('mlmodelService', service),
      serviceType: service.serviceType,
      dashboard,
      owners,
      tags,
      updatedBy: principal.name,
      updatedAt: now,
    });
  } catch {
    throw badRequest(`Invalid name ${create.name}`);
  }
  if (!MLMODEL_HAS_ENTITY_STATUS) delete model.entityStatus;
  prepareMlModel(store, model);
  return model;
}
