// /api/v1/mlmodels (MlModelResource): list, get by id and by name, POST (201/409), PUT (201/200),
// PATCH with JSON Patch, DELETE (soft or hard), restore, and the version history. Versions and
// changeDescriptions come from the shared versioning module (algorithm, server, target: major;
// anything else: minor; no change: same version).
import { featureDataSources } from '../../openmetadata/mlmodelEntity';
import { pojoToJson } from '../../openmetadata/pojoJson';
import type { CreateMlModel, MlModel } from '../../openmetadata/types';
// eslint-disable-next-line no-restricted-imports -- the sandbox's own updater (upstream's rules, implemented apart from the product) replaces this; the sandbox engineer removes it
import { nextVersion, planMlModelUpdate, UpdateRejectedError, type UpdateOperation } from '../../openmetadata/versioning';
import { ApiError, badRequest, conflict, entityNotFound } from '../http/apiError';
import { boolParam, includeParam, includes, intParam, type RequestContext } from '../http/context';
import type { Router } from '../http/router';
import { MLMODEL_FIELDS, parseFields, presentMlModel } from '../present';
import { checkMutuallyExclusive, mlModelFromRequest, prepareMlModel, resolveOwners, resolveTags } from '../references';
import { applyJsonPatch, JsonPatchError } from '../requests/jsonPatch';
import { createMlModelSpec, mlModelEntitySpec } from '../requests/mlmodelSpecs';
import { checkBody } from '../requests/shapes';
import { fqnKey } from '../store/collection';
import { pageOf } from '../store/paging';
import type { SandboxStore } from '../store/sandboxStore';

const ALL_FIELDS = new Set<string>(MLMODEL_FIELDS);

function find(store: SandboxStore, id: string, include: 'non-deleted' | 'deleted' | 'all'): MlModel {
  const model = store.mlmodels.get(id);
  if (!model || !includes(include, model.deleted)) throw entityNotFound('mlmodel', id);
  return model;
}

function findByName(store: SandboxStore, fqn: string, include: 'non-deleted' | 'deleted' | 'all'): MlModel {
  const model = store.mlmodels.getByFqn(fqn);
  if (!model || !includes(include, model.deleted)) throw entityNotFound('mlmodel', fqn);
  return model;
}

/**
 * A feature source's data source becomes upstream lineage of the model (setMlFeatureSourcesLineage).
 * Upstream does this in storeRelationships, which only a create runs: an update (PUT or PATCH)
 * neither adds the edge of a new source nor removes that of a dropped one.
 */
function recordFeatureLineage(store: SandboxStore, model: MlModel): void {
  for (const source of featureDataSources(model)) {
    if (!store.lineage.has(source.id, model.id)) store.lineage.add({ from: source, to: { id: model.id, type: 'mlmodel' } });
  }
}

function create(store: SandboxStore, model: MlModel, ctx: RequestContext): { status: number; body: MlModel } {
  store.mlmodels.create(model);
  recordFeatureLineage(store, model);
  return { status: 201, body: presentMlModel(model, ALL_FIELDS, ctx.baseUrl) };
}

/** Runs the updater and stores its result; the response carries the request's changeDescription. */
function update(store: SandboxStore, original: MlModel, updated: MlModel, operation: UpdateOperation, ctx: RequestContext): MlModel {
  let plan;
  try {
    plan = planMlModelUpdate(original, updated, {
      operation,
      updatedBy: ctx.principal.name,
      updatedAt: ctx.now(),
      byBot: ctx.principal.isBot,
      previous: operation === 'PATCH' ? store.mlmodels.previousOf(original) : undefined,
    });
  } catch (error) {
    if (error instanceof UpdateRejectedError) throw badRequest(error.message);
    throw error;
  }
  // PUT merges tags: a merge can pair two tags of one mutually exclusive classification.
  checkMutuallyExclusive(store, plan.entity.tags);
  if (!plan.noChange || plan.consolidated) store.mlmodels.update(plan.entity, plan);
  const response = presentMlModel(plan.entity, ALL_FIELDS, ctx.baseUrl);
  response.changeDescription = plan.responseChangeDescription;
  return response;
}

function softDelete(store: SandboxStore, model: MlModel, ctx: RequestContext): MlModel {
  if (model.deleted) return model;
  const version = model.version ?? 0.1;
  const change = { fieldsAdded: [], fieldsUpdated: [{ name: 'deleted', oldValue: false, newValue: true }], fieldsDeleted: [], previousVersion: version };
  const deleted: MlModel = {
    ...model,
    deleted: true,
    version: nextVersion(version),
    updatedBy: ctx.principal.name,
    updatedAt: ctx.now(),
    changeDescription: change,
    incrementalChangeDescription: change,
  };
  store.mlmodels.update(deleted, { historyEntry: model });
  return deleted;
}

function remove(store: SandboxStore, model: MlModel, ctx: RequestContext): { status: number; body: MlModel } {
  if (boolParam(ctx.query, 'hardDelete', false)) {
    store.mlmodels.remove(model.id);
    store.lineage.removeEntity(model.id);
    return { status: 200, body: presentMlModel(model, ALL_FIELDS, ctx.baseUrl) };
  }
  return { status: 200, body: presentMlModel(softDelete(store, model, ctx), ALL_FIELDS, ctx.baseUrl) };
}

function parseVersion(raw: string): number {
  const version = Number(raw);
  if (!Number.isFinite(version)) throw badRequest(`Invalid version ${raw}`);
  return version;
}

export function mlmodelRoutes(router: Router<RequestContext>, state: { store: SandboxStore }): void {
  const base = '/api/v1/mlmodels';

  router.add('GET', base, (ctx) => {
    const fields = parseFields(ctx.query.get('fields'), MLMODEL_FIELDS);
    const include = includeParam(ctx.query);
    const service = ctx.query.get('service');
    const models = state.store.mlmodels
      .list()
      .filter((m) => includes(include, m.deleted) && (!service || fqnKey(m.service.fullyQualifiedName ?? '') === fqnKey(service)));
    const limit = intParam(ctx.query, 'limit', 10, 0, 1_000_000);
    const page = pageOf(models.length, (i) => models[i].fullyQualifiedName as string, {
      limit,
      after: ctx.query.get('after') ?? undefined,
      before: ctx.query.get('before') ?? undefined,
    });
    return { status: 200, body: { data: models.slice(page.start, page.end).map((m) => presentMlModel(m, fields, ctx.baseUrl)), paging: page.paging } };
  });

  router.add('GET', `${base}/name/:fqn`, (ctx, { fqn }) => {
    const fields = parseFields(ctx.query.get('fields'), MLMODEL_FIELDS);
    return { status: 200, body: presentMlModel(findByName(state.store, fqn, includeParam(ctx.query)), fields, ctx.baseUrl) };
  });

  router.add('GET', `${base}/:id`, (ctx, { id }) => {
    const fields = parseFields(ctx.query.get('fields'), MLMODEL_FIELDS);
    return { status: 200, body: presentMlModel(find(state.store, id, includeParam(ctx.query)), fields, ctx.baseUrl) };
  });

  router.add('GET', `${base}/:id/versions`, (_ctx, { id }) => {
    const versions = state.store.mlmodels.versions(id);
    if (!versions) throw entityNotFound('mlmodel', id);
    return { status: 200, body: { entityType: 'mlmodel', versions: versions.map((v) => pojoToJson(v, 'mlModel')) } };
  });

  router.add('GET', `${base}/:id/versions/:version`, (_ctx, { id, version }) => {
    if (!state.store.mlmodels.get(id)) throw entityNotFound('mlmodel', id);
    const found = state.store.mlmodels.version(id, parseVersion(version));
    if (!found) throw new ApiError(404, `mlmodel instance for ${id} and version ${version} not found`);
    return { status: 200, body: found };
  });

  router.add('POST', base, async (ctx) => {
    const request = checkBody<CreateMlModel>(createMlModelSpec, await ctx.readJson());
    const model = mlModelFromRequest(state.store, request, ctx.principal, ctx.now());
    if (state.store.mlmodels.getByFqn(model.fullyQualifiedName as string)) throw conflict();
    return create(state.store, model, ctx);
  });

  router.add('PUT', base, async (ctx) => {
    const request = checkBody<CreateMlModel>(createMlModelSpec, await ctx.readJson());
    const model = mlModelFromRequest(state.store, request, ctx.principal, ctx.now());
    const original = state.store.mlmodels.getByFqn(model.fullyQualifiedName as string);
    if (!original) return create(state.store, model, ctx);
    // Followers and votes are relationships a create request cannot carry.
    model.followers = original.followers;
    model.votes = original.votes;
    return { status: 200, body: update(state.store, original, model, 'PUT', ctx) };
  });

  router.add('PATCH', `${base}/:id`, async (ctx, { id }) => {
    const original = find(state.store, id, 'non-deleted');
    const operations = await ctx.readJson('application/json-patch+json');
    let patched: unknown;
    try {
      patched = applyJsonPatch(original, operations);
    } catch (error) {
      if (error instanceof JsonPatchError) throw badRequest(error.message);
      throw error;
    }
    const updated = checkBody<MlModel>(mlModelEntitySpec, patched);
    // restorePatchAttributes: a patch cannot rename, move or re-identify a model.
    Object.assign(updated, { id: original.id, name: original.name, fullyQualifiedName: original.fullyQualifiedName, service: original.service });
    updated.tags = resolveTags(state.store, updated.tags);
    checkMutuallyExclusive(state.store, updated.tags);
    updated.owners = resolveOwners(state.store, updated.owners);
    if (updated.certification !== undefined && JSON.stringify(updated.certification) !== JSON.stringify(original.certification)) {
      throw badRequest('Certification is not configured. Please configure the Classification used for Certification in the Settings.');
    }
    prepareMlModel(state.store, updated);
    return { status: 200, body: update(state.store, original, updated, 'PATCH', ctx) };
  });

  router.add('DELETE', `${base}/:id`, (ctx, { id }) => remove(state.store, find(state.store, id, 'all'), ctx));
  router.add('DELETE', `${base}/name/:fqn`, (ctx, { fqn }) => remove(state.store, findByName(state.store, fqn, 'all'), ctx));

  router.add('PUT', `${base}/restore`, async (ctx) => {
    const body = (await ctx.readJson()) as { id?: unknown };
    if (typeof body?.id !== 'string') throw badRequest('[id must not be null]');
    const original = find(state.store, body.id, 'deleted');
    return { status: 200, body: update(state.store, original, { ...original }, 'PATCH', ctx) };
  });
}
