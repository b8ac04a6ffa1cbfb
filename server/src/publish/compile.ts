// From the authored model to OpenMetadata's CreateMlModel request. References written as FQNs
// become what the API takes: `service` and `dashboard` stay FQN strings (the server resolves them),
// feature sources' tables and owners become entity references, tags become tag labels. Resolution
// itself happens before (./resolve.ts, through the catalog); compiling is pure.

import type { AuthoredModel, AuthoredOwner, AuthoredReference, AuthoredTag } from '../service/model';
import type { EntityKind } from '../service/catalog';
import { normalizeFqn } from '../service/fqn';
import type { CreateMlModel, EntityReference, TagLabel, TagSource } from '../openmetadata/types';
import type { Capabilities } from '../openmetadata/capabilities';

/** A reference the file makes, to be resolved against the catalog (service and dashboard stay FQNs). */
export type ResolvedKind = Extract<EntityKind, 'table' | 'user' | 'team' | 'tag'>;

export interface Resolved {
  /** Entity references by `kind:fqn` (tables, users, teams). */
  entity(kind: 'table' | 'user' | 'team', fqn: string): EntityReference | undefined;
  /** Whether a tag FQN names a classification tag or a glossary term. */
  tagSource(fqn: string): TagSource;
}

/** The distinct references a model makes, each once (tables in feature sources, owners, tags). */
export function referencesOf(model: AuthoredModel): Array<{ kind: ResolvedKind; fqn: string }> {
  const seen = new Map<string, { kind: ResolvedKind; fqn: string }>();
  const add = (kind: ResolvedKind, fqn: string | undefined) => {
    if (!fqn) return;
    const key = `${kind}:${fqn}`;
    if (!seen.has(key)) seen.set(key, { kind, fqn });
  };
  for (const feature of model.mlFeatures ?? []) {
    for (const source of feature.featureSources ?? []) {
      if (typeof source.dataSource === 'string') add('table', normalizeFqn(source.dataSource) ?? source.dataSource);
      for (const tag of source.tags ?? []) add('tag', tagFqn(tag));
    }
    for (const tag of feature.tags ?? []) add('tag', tagFqn(tag));
  }
  for (const owner of model.owners ?? []) {
    if ('user' in owner) add('user', owner.user);
    else if ('team' in owner) add('team', owner.team);
  }
  for (const tag of model.tags ?? []) add('tag', tagFqn(tag));
  return [...seen.values()];
}

/** A key of the file this server's version cannot take as written (several domains before 1.9, …). */
export class FieldProblemError extends Error {
  constructor(
    readonly field: 'domain' | 'domains',
    message: string,
  ) {
    super(message);
  }
}

export class UnresolvedReferenceError extends Error {
  constructor(
    readonly kind: ResolvedKind,
    readonly fqn: string,
  ) {
    super(`${kind} ${fqn} is not resolved`);
  }
}

/** The domains the file names, by either key (FieldProblemError when it uses both). */
export function domainsOf(model: AuthoredModel): string[] {
  if (model.domain !== undefined && model.domains !== undefined) throw new FieldProblemError('domains', 'Write `domain:` (one) or `domains:` (a list), not both.');
  return model.domains ?? (model.domain === undefined ? [] : [model.domain]);
}

/**
 * The request's domain key as this server's version has it: `domain` (one FQN) before 1.9,
 * `domains` (a list) from 1.9 (capabilities.ts); the other key is a 400.
 */
function setDomains(request: CreateMlModel, domains: string[], capabilities: Pick<Capabilities, 'domainField' | 'serverVersion'>): void {
  if (!domains.length) return;
  if (capabilities.domainField === 'domains') {
    request.domains = domains;
    return;
  }
  if (domains.length > 1) {
    throw new FieldProblemError('domains', `OpenMetadata ${capabilities.serverVersion} puts a model in one domain (several from 1.9): name one.`);
  }
  request.domain = domains[0];
}

/**
 * The CreateMlModel request for `model`, in the shape this server's version takes. `service` may
 * come from a default when the file has none. Throws UnresolvedReferenceError for a reference
 * `resolved` does not know, FieldProblemError for what this version cannot take.
 */
export function compileModel(
  model: AuthoredModel,
  resolved: Resolved,
  capabilities: Pick<Capabilities, 'domainField' | 'serverVersion'>,
  defaultService?: string,
): CreateMlModel {
  const service = referenceFqn(model.service) ?? defaultService;
  if (!model.name) throw new Error('the model has no name');
  if (!service) throw new Error('the model has no service: add `service:` to the file');
  const request: CreateMlModel = { name: model.name, service };
  const copy = <K extends keyof CreateMlModel & keyof AuthoredModel>(key: K) => {
    if (model[key] !== undefined && model[key] !== null) (request as unknown as Record<string, unknown>)[key] = model[key];
  };
  copy('displayName');
  copy('description');
  copy('algorithm');
  copy('target');
  copy('server');
  copy('sourceUrl');
  setDomains(request, domainsOf(model), capabilities);
  copy('dataProducts');
  copy('sourceHash');
  if (model.extension !== undefined) request.extension = model.extension;
  if (model.lifeCycle !== undefined) request.lifeCycle = model.lifeCycle as CreateMlModel['lifeCycle'];
  if (model.mlStore) request.mlStore = { ...model.mlStore };
  const dashboard = referenceFqn(model.dashboard);
  if (dashboard) request.dashboard = dashboard;
  if (model.mlHyperParameters) {
    request.mlHyperParameters = model.mlHyperParameters.map((h) => dropUndefined({ name: h.name, value: h.value === undefined ? undefined : String(h.value), description: h.description }));
  }
  if (model.mlFeatures) {
    request.mlFeatures = model.mlFeatures.map((f) =>
      dropUndefined({
        name: f.name,
        dataType: f.dataType as never,
        description: f.description,
        featureAlgorithm: f.featureAlgorithm,
        featureSources: f.featureSources?.map((s) =>
          dropUndefined({
            name: s.name,
            dataType: s.dataType as never,
            description: s.description,
            dataSource: s.dataSource === undefined ? undefined : entityRef('table', s.dataSource, resolved),
            tags: s.tags?.map((t) => tagLabel(t, resolved)),
          }),
        ),
        tags: f.tags?.map((t) => tagLabel(t, resolved)),
      }),
    );
  }
  if (model.owners) request.owners = model.owners.map((o) => ownerRef(o, resolved));
  if (model.tags) request.tags = model.tags.map((t) => tagLabel(t, resolved));
  return request;
}

function referenceFqn(ref: AuthoredReference | undefined): string | undefined {
  if (ref === undefined) return undefined;
  if (typeof ref === 'string') return normalizeFqn(ref) ?? ref;
  return typeof ref.fullyQualifiedName === 'string' ? ref.fullyQualifiedName : typeof ref.name === 'string' ? ref.name : undefined;
}

function entityRef(kind: 'table' | 'user' | 'team', ref: AuthoredReference, resolved: Resolved): EntityReference {
  if (typeof ref !== 'string') return { id: ref.id, type: ref.type };
  const fqn = kind === 'table' ? (normalizeFqn(ref) ?? ref) : ref;
  const found = resolved.entity(kind, fqn);
  if (!found) throw new UnresolvedReferenceError(kind, fqn);
  return found;
}

function ownerRef(owner: AuthoredOwner, resolved: Resolved): EntityReference {
  if ('user' in owner) return entityRef('user', owner.user, resolved);
  if ('team' in owner) return entityRef('team', owner.team, resolved);
  return { id: owner.id, type: owner.type };
}

function tagFqn(tag: AuthoredTag): string {
  return typeof tag === 'string' ? tag : tag.tagFQN;
}

/** Tags from this file are applied by a person and confirmed. */
function tagLabel(tag: AuthoredTag, resolved: Resolved): TagLabel {
  if (typeof tag !== 'string') {
    return {
      tagFQN: tag.tagFQN,
      source: (tag.source as TagSource | undefined) ?? resolved.tagSource(tag.tagFQN),
      labelType: (tag.labelType as TagLabel['labelType'] | undefined) ?? 'Manual',
      state: (tag.state as TagLabel['state'] | undefined) ?? 'Confirmed',
    };
  }
  return { tagFQN: tag, source: resolved.tagSource(tag), labelType: 'Manual', state: 'Confirmed' };
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
