// OpenMetadata's version arithmetic for ML models (EntityUtil.nextVersion, +0.1, and
// nextMajorVersion, +1.0: 0.1 → 1.1, not 1.0; a new model is 0.1): what version and
// changeDescription the server gives an update, computed from the stored entity and the updated one.
// Pure and synchronous. The publish planner calls it to predict "0.3 → 1.3 (algorithm changed)"
// before anything is sent; the sandbox never does (it has its own updater, to check these
// predictions against).
//
// Mirrors EntityRepository.EntityUpdater.updateInternal() and MlModelRepository.MlModelUpdater, in
// the same order, so the lists in a changeDescription come out in the server's order. What differs
// between server versions (the domain field, sourceHash, the newest line's feature rules) comes
// from the capability table (./capabilities.ts) through the context.
import { joinFqn } from '../service/fqn';
import type { Capabilities } from './capabilities';
import { pojoToJson, type ShapeName } from './pojoJson';
import type { ChangeDescription, EntityReference, LifeCycle, MlFeature, MlModel, TagLabel } from './types';

export type UpdateOperation = 'PUT' | 'PATCH';

/** Fields whose change is backward-incompatible for an ML model (MlModelUpdater). */
export const MAJOR_FIELDS: readonly string[] = ['algorithm', 'server', 'target'];

/** Upstream's session length for consolidating a user's consecutive PATCHes. */
export const SESSION_TIMEOUT_MS = 10 * 60 * 1000;

/** `EntityUtil.nextVersion`: 0.1 → 0.2. */
export function nextVersion(version: number): number {
  return Math.round((version + 0.1) * 10) / 10;
}

/** `EntityUtil.nextMajorVersion`: 0.1 → 1.1 (not 1.0), 1.2 → 2.2. */
export function nextMajorVersion(version: number): number {
  return Math.round((version + 1.0) * 10) / 10;
}

export interface UpdateContext {
  operation: UpdateOperation;
  /** The user making the request (the token's principal) and the time of the request, in ms. */
  updatedBy: string;
  updatedAt: number;
  /** A PUT by a bot keeps a non-empty description, the extension and the domains. */
  byBot?: boolean;
  /** The server's version's rules. */
  capabilities: Pick<Capabilities, 'domainField' | 'sourceHashBumpsVersion' | 'featureRulesOnPut'>;
  /**
   * The stored entity at `original.changeDescription.previousVersion`. Needed to consolidate a
   * PATCH into the previous one by the same user within the session; without it, never consolidates.
   */
  previous?: MlModel;
  sessionTimeoutMs?: number;
}

export interface UpdatePlan {
  /** The entity as the server stores it: version, changeDescription, merged tags, kept owners… */
  entity: MlModel;
  version: number;
  /** The stored version before this request. */
  previousVersion: number;
  versionChanged: boolean;
  /** Fields that made this a major change, in server order (e.g. `['algorithm']`). */
  majorFields: string[];
  /** The stored entity's changeDescription (relative to the version it replaced). */
  changeDescription: ChangeDescription;
  /** Just this request's delta against the stored entity. */
  incrementalChangeDescription: ChangeDescription;
  /** What the response's `changeDescription` holds (PATCH: the delta; PUT: the delta if any). */
  responseChangeDescription: ChangeDescription;
  /** The request changed nothing. */
  noChange: boolean;
  /**
   * Fields the request changes that the server stores without a new version or a
   * changeDescription entry (`sourceHash` from 1.12).
   */
  storedWithoutVersion: string[];
  /** This PATCH was folded into the previous version of the same session. */
  consolidated: boolean;
  /** The entity to keep in the version history under its own version, when the version advanced. */
  historyEntry?: MlModel;
  /** A history version to drop: a consolidated PATCH that returned the entity to it. */
  dropHistoryVersion?: number;
}

/** The update breaks a server rule (mapped to 400 `{code, message}` by the sandbox). */
export class UpdateRejectedError extends Error {}

type Match<T> = (a: T, b: T) => boolean;

function emptyChange(previousVersion: number): ChangeDescription {
  return { fieldsAdded: [], fieldsUpdated: [], fieldsDeleted: [], previousVersion };
}

export function hasChanges(change: ChangeDescription | undefined): boolean {
  return !!change && (change.fieldsAdded.length > 0 || change.fieldsUpdated.length > 0 || change.fieldsDeleted.length > 0);
}

function absent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

function sameJson(a: unknown, b: unknown, shape?: ShapeName): boolean {
  return shape ? pojoToJson(a, shape) === pojoToJson(b, shape) : JSON.stringify(a) === JSON.stringify(b);
}

const referenceMatch: Match<EntityReference> = (a, b) => a.id === b.id && a.type === b.type;
const tagKey = (t: TagLabel): string => `${t.tagFQN}\u0000${t.source}`;

function nonInherited(refs: EntityReference[] | undefined): EntityReference[] {
  return (refs ?? []).filter((r) => r.inherited !== true);
}

/** One pass of EntityUpdater: records changes from `original` to `updated`, adjusting `updated`. */
class Updater {
  readonly change: ChangeDescription;
  readonly majorFields: string[] = [];
  readonly storedWithoutVersion: string[] = [];

  constructor(
    private readonly original: MlModel,
    readonly updated: MlModel,
    private readonly context: UpdateContext,
  ) {
    this.change = emptyChange(original.version ?? 0.1);
  }

  private get isPut(): boolean {
    return this.context.operation === 'PUT';
  }

  /**
   * `recordChange`: scalar values raw, objects (`json`) as JSON strings. With `updateVersion`
   * false a change is stored but neither described nor versioned.
   */
  private recordChange(field: string, orig: unknown, upd: unknown, json?: ShapeName | 'json', match?: Match<unknown>, updateVersion = true): boolean {
    if (absent(orig) && absent(upd)) return false;
    const shape = json === 'json' ? undefined : json;
    const value = (v: unknown): unknown => (json === 'json' ? JSON.stringify(v) : shape ? pojoToJson(v, shape) : v);
    if (!updateVersion) {
      const same = !absent(orig) && !absent(upd) && (match ? match(orig, upd) : sameJson(orig, upd, shape));
      if (!same) this.storedWithoutVersion.push(field);
      return !same;
    }
    if (absent(orig)) {
      this.change.fieldsAdded.push({ name: field, newValue: value(upd) });
      return true;
    }
    if (absent(upd)) {
      this.change.fieldsDeleted.push({ name: field, oldValue: value(orig) });
      return true;
    }
    if (match ? match(orig, upd) : sameJson(orig, upd, shape)) return false;
    this.change.fieldsUpdated.push({ name: field, oldValue: value(orig), newValue: value(upd) });
    return true;
  }

  /** `recordListChange`: added and deleted items as JSON arrays; true when any was. */
  private recordListChange<T>(field: string, orig: T[], upd: T[], match: Match<T>, shape: ShapeName): { added: T[]; deleted: T[] } {
    const deleted = orig.filter((o) => !upd.some((u) => match(u, o)));
    const added: T[] = [];
    const updatedItems: T[] = [];
    for (const u of upd) {
      const stored = orig.find((o) => match(o, u));
      if (stored === undefined) added.push(u);
      else if (!match(stored, u)) updatedItems.push(u);
    }
    if (added.length) this.change.fieldsAdded.push({ name: field, newValue: pojoToJson(added, shape) });
    if (updatedItems.length) {
      this.change.fieldsUpdated.push({ name: field, oldValue: pojoToJson(orig, shape), newValue: pojoToJson(updatedItems, shape) });
    }
    if (deleted.length) this.change.fieldsDeleted.push({ name: field, oldValue: pojoToJson(deleted, shape) });
    return { added, deleted };
  }

  private major(field: string, changed: boolean): void {
    if (changed) this.majorFields.push(field);
  }

  run(): this {
    const { original, updated } = this;
    updated.id = original.id;
    this.updateDeleted();
    this.updateDescription();
    this.recordChange('displayName', original.displayName, updated.displayName);
    this.updateOwners();
    this.updateExtension();
    this.updated.tags = this.updateTags('tags', this.original.tags, this.updated.tags);
    if (this.context.capabilities.domainField === 'domain') this.updateDomain();
    else this.updateDomains();
    this.updateDataProducts();
    this.updateLifeCycle();
    this.recordChange('certification', original.certification, updated.certification, 'json');
    // MlModelUpdater.entitySpecificUpdate()
    this.major('algorithm', this.recordChange('algorithm', original.algorithm, updated.algorithm));
    const sameDashboard = (a: unknown, b: unknown): boolean => referenceMatch(a as EntityReference, b as EntityReference);
    this.recordChange('dashboard', original.dashboard, updated.dashboard, 'entityReference', sameDashboard);
    this.updateMlFeatures();
    const sameParameter = (a: unknown, b: unknown): boolean => sameJson(a, b, 'mlHyperParameter');
    this.recordListChange('mlHyperParameters', original.mlHyperParameters ?? [], updated.mlHyperParameters ?? [], sameParameter, 'mlHyperParameter');
    this.recordChange('mlStore', original.mlStore, updated.mlStore, 'mlStore');
    this.major('server', this.recordChange('server', original.server, updated.server));
    this.major('target', this.recordChange('target', original.target, updated.target));
    this.recordChange('sourceUrl', original.sourceUrl, updated.sourceUrl);
    this.recordChange('sourceHash', original.sourceHash, updated.sourceHash, undefined, undefined, this.context.capabilities.sourceHashBumpsVersion);
    return this;
  }

  /**
   * `recordListChange` over whole features (Java equals). On the newest line (capabilities
   * `featureRulesOnPut`) the features are then paired by name: a bot's PUT keeps a stored
   * description, and each feature's tags go through updateTags, so a PUT merges them.
   */
  private updateMlFeatures(): void {
    const { original, updated } = this;
    const rules = this.context.capabilities.featureRulesOnPut;
    const same = (a: MlFeature, b: MlFeature): boolean => featureJson(a, rules) === featureJson(b, rules);
    this.recordListChange('mlFeatures', original.mlFeatures ?? [], updated.mlFeatures ?? [], same, 'mlFeature');
    if (!rules) return;
    for (const feature of updated.mlFeatures ?? []) {
      const stored = (original.mlFeatures ?? []).find((f) => f.name === feature.name);
      if (!stored) continue;
      if (this.isPut && stored.description && this.context.byBot) feature.description = stored.description;
      else this.recordChange(`mlFeatures.${stored.name}.description`, stored.description, feature.description);
      feature.tags = this.updateTags(`mlFeatures.${feature.name}.tags`, stored.tags, feature.tags);
    }
  }

  private updateDeleted(): void {
    const { original, updated } = this;
    if (updated.deleted === true && original.deleted !== true) {
      throw new UpdateRejectedError("mlmodel attribute deleted can't be modified");
    }
    if (original.deleted === true) {
      updated.deleted = false;
      this.recordChange('deleted', true, false);
    }
  }

  private updateDescription(): void {
    const { original, updated } = this;
    if (this.isPut && original.description && this.context.byBot) {
      updated.description = original.description;
      return;
    }
    this.recordChange('description', original.description, updated.description);
  }

  private updateOwners(): void {
    const orig = nonInherited(this.original.owners);
    const upd = nonInherited(this.updated.owners);
    // A PUT can add owners but never remove them all: an empty list keeps the current ones.
    if (!this.isPut || upd.length > 0) {
      const { added, deleted } = this.recordListChange('owners', orig, upd, referenceMatch, 'entityReference');
      if (added.length || deleted.length) {
        this.updated.owners = upd;
        return;
      }
    }
    this.updated.owners = orig;
  }

  private updateExtension(): void {
    const { original, updated } = this;
    const orig = original.extension;
    const upd = updated.extension;
    if (absent(orig) && absent(upd)) return;
    if (this.isPut && (this.context.byBot || absent(upd))) {
      updated.extension = orig;
      return;
    }
    const origFields = orig ?? {};
    const updFields = upd ?? {};
    const added: Record<string, unknown>[] = [];
    const deleted: Record<string, unknown>[] = [];
    for (const key of [...new Set([...Object.keys(origFields), ...Object.keys(updFields)])].sort()) {
      const o = origFields[key];
      const u = updFields[key];
      if (o === undefined) added.push({ [key]: u });
      else if (u === undefined) deleted.push({ [key]: o });
      else if (JSON.stringify(o) !== JSON.stringify(u)) this.recordChange(extensionField(key), JSON.stringify(o), JSON.stringify(u));
    }
    if (added.length) this.change.fieldsAdded.push({ name: 'extension', newValue: JSON.stringify(added) });
    if (deleted.length) this.change.fieldsDeleted.push({ name: 'extension', oldValue: JSON.stringify(deleted) });
  }

  /** `updateTags(field, orig, updated)`: the tags to store under `field` (the model's, or a feature's). */
  private updateTags(field: string, origTags: TagLabel[] | undefined, updTags: TagLabel[] | undefined): TagLabel[] | undefined {
    const orig = origTags ?? [];
    const upd = updTags ?? [];
    if (orig.length === 0 && upd.length === 0) return updTags;
    const origKeys = new Set(orig.map(tagKey));
    const updKeys = new Set(upd.map(tagKey));
    const added = upd.filter((t) => !origKeys.has(tagKey(t)));
    // PUT merges the request's tags into the stored ones; only PATCH removes tags.
    const deleted = this.isPut ? [] : orig.filter((t) => !updKeys.has(tagKey(t)));
    const result = this.isPut ? [...upd, ...orig.filter((t) => !updKeys.has(tagKey(t)))] : [...upd];
    if (added.length) this.change.fieldsAdded.push({ name: field, newValue: pojoToJson(added, 'tagLabel') });
    if (deleted.length) this.change.fieldsDeleted.push({ name: field, oldValue: pojoToJson(deleted, 'tagLabel') });
    return result.sort((a, b) => (a.tagFQN < b.tagFQN ? -1 : a.tagFQN > b.tagFQN ? 1 : 0));
  }

  /**
   * Before 1.9, one domain (EntityUpdater.updateDomain): a bot's PUT keeps a set one, a PUT without
   * one keeps it, and a change is recorded as the reference.
   */
  private updateDomain(): void {
    const { original, updated } = this;
    if (this.isPut && original.domain && this.context.byBot) {
      updated.domain = original.domain;
      return;
    }
    const sameDomain = (a: unknown, b: unknown): boolean => referenceMatch(a as EntityReference, b as EntityReference);
    if ((!this.isPut || updated.domain) && this.recordChange('domain', original.domain, updated.domain, 'entityReference', sameDomain)) return;
    updated.domain = original.domain;
  }

  private updateDomains(): void {
    const { original, updated } = this;
    if (this.isPut && (original.domains ?? []).length > 0 && this.context.byBot) {
      updated.domains = original.domains;
      return;
    }
    const orig = nonInherited(original.domains);
    const upd = nonInherited(updated.domains);
    if (!this.isPut || upd.length > 0) {
      const { added, deleted } = this.recordListChange('domains', orig, upd, referenceMatch, 'entityReference');
      if (added.length || deleted.length) {
        updated.domains = upd;
        return;
      }
    }
    updated.domains = original.domains;
  }

  private updateDataProducts(): void {
    this.recordListChange('dataProducts', this.original.dataProducts ?? [], this.updated.dataProducts ?? [], referenceMatch, 'entityReference');
  }

  private updateLifeCycle(): void {
    const { original, updated } = this;
    if (this.isPut && absent(updated.lifeCycle)) updated.lifeCycle = original.lifeCycle;
    const orig = original.lifeCycle;
    const upd = updated.lifeCycle;
    if (orig && upd) updated.lifeCycle = keepLatestAccess(orig, upd);
    this.recordChange('lifeCycle', orig, updated.lifeCycle, 'lifeCycle');
  }
}

/** An updated lifeCycle never moves a timestamp backwards (EntityUpdater.updateLifeCycle). */
function keepLatestAccess(orig: LifeCycle, upd: LifeCycle): LifeCycle {
  const out: LifeCycle = { ...upd };
  for (const key of ['created', 'accessed', 'updated'] as const) {
    const o = orig[key];
    const u = upd[key];
    if (o && (!u || u.timestamp < o.timestamp)) out[key] = o;
  }
  return out;
}

/**
 * A feature as `EntityUtil.mlFeatureMatch` compares it (Java equals over the serialised feature).
 * On the newest line both sides' tag labels are the server's enriched ones read back from
 * tag_usage (a list, never absent), while a request carries bare labels: comparing the labels by
 * what identifies them gives the server's answer without its enrichment.
 */
function featureJson(feature: MlFeature, tagsFromTagUsage: boolean): string {
  if (!tagsFromTagUsage) return pojoToJson(feature, 'mlFeature');
  const tags = (feature.tags ?? []).map(({ tagFQN, source, labelType, state }) => ({ tagFQN, source, labelType, state }));
  return pojoToJson({ ...feature, tags }, 'mlFeature');
}

function extensionField(key: string): string {
  try {
    return joinFqn('extension', key);
  } catch {
    return `extension.${key}`;
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * True when upstream would fold this PATCH into the stored version instead of creating a new one:
 * same user, within the session, after the first update (EntityUpdater.consolidateChanges).
 * PUT is never consolidated.
 */
export function shouldConsolidate(original: MlModel, context: UpdateContext): boolean {
  return (
    context.operation === 'PATCH' &&
    (original.version ?? 0.1) > 0.1 &&
    original.deleted !== true &&
    original.updatedBy === context.updatedBy &&
    context.updatedAt - (original.updatedAt ?? 0) <= (context.sessionTimeoutMs ?? SESSION_TIMEOUT_MS)
  );
}

/**
 * The version, changeDescription and stored entity the server produces when `updated` replaces
 * `original` (the stored entity with its owners, tags, dashboard… — what `fields=*` returns).
 * Neither argument is modified.
 *
 * Rules (upstream's MlModelUpdater): a change to `algorithm`, `server` or `target` is major (+1.0), any other
 * change minor (+0.1), no change keeps the version and the stored changeDescription. PUT merges
 * tags and keeps owners, extension and lifeCycle it does not mention; PATCH replaces them.
 *
 * @throws UpdateRejectedError when the update sets `deleted`, which only DELETE may do.
 */
export function planMlModelUpdate(original: MlModel, updated: MlModel, context: UpdateContext): UpdatePlan {
  const incremental = new Updater(original, clone(updated), context).run();
  const consolidated = !!context.previous && shouldConsolidate(original, context);
  const base = consolidated ? (context.previous as MlModel) : original;
  const full = consolidated ? new Updater(base, clone(incremental.updated), context).run() : incremental;

  const baseVersion = base.version ?? 0.1;
  const change = full.change;
  change.previousVersion = baseVersion;
  const majorFields = full.majorFields;
  const version = majorFields.length ? nextMajorVersion(baseVersion) : hasChanges(change) ? nextVersion(baseVersion) : baseVersion;
  const versionChanged = version !== baseVersion;

  const entity = full.updated;
  entity.version = version;
  const incrementalChange = incremental.change;
  incrementalChange.previousVersion = original.version ?? 0.1;
  entity.incrementalChangeDescription = incrementalChange;
  if (versionChanged) {
    entity.changeDescription = change;
    entity.updatedBy = context.updatedBy;
    entity.updatedAt = context.updatedAt;
  } else {
    entity.changeDescription = base.changeDescription;
    entity.updatedBy = base.updatedBy;
    entity.updatedAt = base.updatedAt;
  }
  if (entity.changeDescription === undefined) delete entity.changeDescription;

  const noChange = !hasChanges(incrementalChange);
  const responseChangeDescription =
    context.operation === 'PATCH' || !noChange ? incrementalChange : (entity.changeDescription ?? incrementalChange);
  return {
    entity,
    version,
    previousVersion: original.version ?? 0.1,
    versionChanged: version !== (original.version ?? 0.1),
    majorFields,
    changeDescription: change,
    incrementalChangeDescription: incrementalChange,
    responseChangeDescription,
    noChange,
    consolidated,
    storedWithoutVersion: incremental.storedWithoutVersion,
    historyEntry: versionChanged ? base : undefined,
    dropHistoryVersion: consolidated && !versionChanged ? baseVersion : undefined,
  };
}
