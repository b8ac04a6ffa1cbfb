// The sandbox's EntityRepository.EntityUpdater, from upstream's Java (openmetadata-service
// jdbi3/EntityRepository.java, the 2024–2025 versions with `owners` and `domains` lists, and
// EntityUtil.java for the version arithmetic and the match functions). One run compares the stored
// entity with the updated one field by field, in upstream's order, records a changeDescription,
// rewrites the updated entity where a rule keeps the stored value (a PUT merges tags and keeps owners,
// a bot's PUT keeps a description…), and says whether the change is major.
//
// Written from upstream's code, not from the product's planner (openmetadata/versioning.ts), which
// must never be imported here: the sandbox is what the product's predictions are checked against.
import type { ChangeDescription, EntityReference, LifeCycle, TagLabel } from '../../openmetadata/types';
import { badRequest } from '../http/apiError';
import type { ServerRules } from '../serverVersions';
import { pojoToJson, type JsonShape } from './pojoJson';

export type Operation = 'PUT' | 'PATCH';

export interface UpdateContext {
  operation: Operation;
  updatedBy: string;
  updatedAt: number;
  /** The caller is a bot (`User.isBot`): EntityUpdater.updatedByBot(). */
  byBot: boolean;
  rules: ServerRules;
  /** `TagLabelUtil.checkMutuallyExclusive` over the catalog's classifications (400 when two collide). */
  checkMutuallyExclusive(tags: TagLabel[]): void;
}

type Match<T> = (a: T, b: T) => boolean;

/** The fields every entity has that the updater touches (MlModel satisfies it). */
export interface Updatable {
  id: string;
  description?: string;
  displayName?: string;
  owners?: EntityReference[];
  tags?: TagLabel[];
  extension?: Record<string, unknown>;
  domain?: EntityReference;
  domains?: EntityReference[];
  dataProducts?: EntityReference[];
  lifeCycle?: LifeCycle;
  certification?: unknown;
  deleted?: boolean;
  version?: number;
}

/** `EntityUtil.nextVersion`: +0.1, rounded to one decimal. */
export function nextVersion(version: number): number {
  return Math.round((version + 0.1) * 10) / 10;
}

/** `EntityUtil.nextMajorVersion`: +1.0 (0.1 → 1.1, not 1.0). */
export function nextMajorVersion(version: number): number {
  return Math.round((version + 1.0) * 10) / 10;
}

export function emptyChange(previousVersion: number): ChangeDescription {
  return { fieldsAdded: [], fieldsUpdated: [], fieldsDeleted: [], previousVersion };
}

export function changed(change: ChangeDescription): boolean {
  return change.fieldsAdded.length + change.fieldsUpdated.length + change.fieldsDeleted.length > 0;
}

function absent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** `EntityUtil.entityReferenceMatch`: same id (and type). */
export const referenceMatch: Match<EntityReference> = (a, b) => a.id === b.id && a.type === b.type;
/** `EntityUtil.tagLabelMatch`: same tagFQN and source. */
export const tagLabelMatch: Match<TagLabel> = (a, b) => a.tagFQN === b.tagFQN && a.source === b.source;

/** `EntityUtil.compareTagLabel`: by tagFQN. */
export function sortTags(tags: TagLabel[]): TagLabel[] {
  return tags.sort((a, b) => (a.tagFQN < b.tagFQN ? -1 : a.tagFQN > b.tagFQN ? 1 : 0));
}

/** `EntityUtil.mergeTags(into, from)`: adds the labels of `from` that `into` lacks. */
export function mergeTags(into: TagLabel[], from: TagLabel[]): TagLabel[] {
  for (const tag of from) if (!into.some((t) => tagLabelMatch(t, tag))) into.push(tag);
  return into;
}

export class EntityUpdater<T extends Updatable> {
  readonly change: ChangeDescription;
  majorVersionChange = false;

  constructor(
    protected readonly original: T,
    readonly updated: T,
    protected readonly context: UpdateContext,
  ) {
    this.change = emptyChange(original.version ?? 0.1);
  }

  protected get isPut(): boolean {
    return this.context.operation === 'PUT';
  }

  /** `recordChange(field, orig, updated, jsonValue, match, updateVersion)`: true when the field changed. */
  recordChange<V>(field: string, orig: V | undefined, upd: V | undefined, options: { json?: JsonShape; match?: Match<V>; updateVersion?: boolean } = {}): boolean {
    if (absent(orig) && absent(upd)) return false;
    const { json, match, updateVersion = true } = options;
    const value = (v: unknown): unknown => (json ? pojoToJson(v, json) : v);
    const same = !absent(orig) && !absent(upd) && (match ? match(orig, upd) : JSON.stringify(value(orig)) === JSON.stringify(value(upd)));
    if (same) return false;
    // A change recorded without a new version (sourceHash on newer servers) is stored, not described.
    if (!updateVersion) return true;
    if (absent(orig)) this.change.fieldsAdded.push({ name: field, newValue: value(upd) });
    else if (absent(upd)) this.change.fieldsDeleted.push({ name: field, oldValue: value(orig) });
    else this.change.fieldsUpdated.push({ name: field, oldValue: value(orig), newValue: value(upd) });
    return true;
  }

  /**
   * `recordListChange`: items of `upd` no item of `orig` matches are added, items of `orig` no item
   * of `upd` matches are deleted; each list is one JSON string.
   */
  recordListChange<V>(field: string, orig: V[] | undefined, upd: V[] | undefined, match: Match<V>, json: JsonShape): { added: V[]; deleted: V[] } {
    const o = orig ?? [];
    const u = upd ?? [];
    const added = u.filter((x) => !o.some((y) => match(y, x)));
    const deleted = o.filter((x) => !u.some((y) => match(y, x)));
    if (added.length) this.change.fieldsAdded.push({ name: field, newValue: pojoToJson(added, json) });
    if (deleted.length) this.change.fieldsDeleted.push({ name: field, oldValue: pojoToJson(deleted, json) });
    return { added, deleted };
  }

  /** EntityUpdater.update(): the common fields in upstream's order, then the entity's own. */
  run(): this {
    this.updated.id = this.original.id;
    this.updateDeleted();
    this.updateDescription();
    this.updateDisplayName();
    this.updateOwners();
    this.updateExtension();
    this.updated.tags = this.updateTags('tags', this.original.tags, this.updated.tags);
    if (this.context.rules.domainField === 'domain') this.updateDomain();
    else this.updateDomains();
    this.updateDataProducts();
    this.updateLifeCycle();
    this.recordChange('certification', this.original.certification, this.updated.certification, { json: 'reference' });
    this.entitySpecificUpdate();
    return this;
  }

  protected entitySpecificUpdate(): void {}

  /** A PUT or PATCH may not set `deleted`; one of a soft-deleted entity restores it. */
  private updateDeleted(): void {
    const { original, updated } = this;
    if (updated.deleted === true && original.deleted !== true) throw badRequest("mlmodel attribute deleted can't be modified");
    if (original.deleted === true) {
      updated.deleted = false;
      this.recordChange('deleted', true, false);
    }
  }

  /** A bot's PUT keeps a non-empty description: descriptions are for PATCH (and people). */
  private updateDescription(): void {
    if (this.isPut && this.original.description && this.context.byBot) {
      this.updated.description = this.original.description;
      return;
    }
    this.recordChange('description', this.original.description, this.updated.description);
  }

  /** A bot's PUT keeps a non-empty displayName, as it keeps a description. */
  private updateDisplayName(): void {
    if (this.isPut && this.original.displayName && this.context.byBot) {
      this.updated.displayName = this.original.displayName;
      return;
    }
    this.recordChange('displayName', this.original.displayName, this.updated.displayName);
  }

  /**
   * A PUT adds or replaces owners but never removes them all. A bot's PUT is no exception:
   * EntityUpdater.updateOwners has no `updatedByBot()` clause in any stored upstream version (the
   * single-`owner` 1.x updater, e.g. a 1.4-era fork @a3c7255d, nor the owners-list one @00128150);
   * only an undated refactor (EntityOwnershipUpdates) keeps them, and only for a bot whose role is
   * denied EDIT_OWNERS, which no built-in bot policy was found to be.
   */
  private updateOwners(): void {
    const orig = (this.original.owners ?? []).filter((o) => o.inherited !== true);
    const upd = (this.updated.owners ?? []).filter((o) => o.inherited !== true);
    const keep = this.isPut && upd.length === 0;
    if (!keep) {
      const { added, deleted } = this.recordListChange('owners', orig, upd, referenceMatch, 'reference');
      if (added.length || deleted.length) {
        this.updated.owners = upd;
        return;
      }
    }
    this.updated.owners = this.original.owners;
  }

  /** A bot's PUT keeps the extension; otherwise each custom property is a change of its own. */
  private updateExtension(): void {
    const orig = this.original.extension;
    const upd = this.updated.extension;
    if (absent(orig) && absent(upd)) return;
    if (this.isPut && this.context.byBot) {
      this.updated.extension = orig;
      return;
    }
    const o = orig ?? {};
    const u = upd ?? {};
    const added: Record<string, unknown>[] = [];
    const deleted: Record<string, unknown>[] = [];
    for (const key of Object.keys(o)) {
      if (!(key in u)) deleted.push({ [key]: o[key] });
      else this.recordChange(`extension.${key}`, JSON.stringify(o[key]), JSON.stringify(u[key]));
    }
    for (const key of Object.keys(u)) if (!(key in o)) added.push({ [key]: u[key] });
    if (added.length) this.change.fieldsAdded.push({ name: 'extension', newValue: JSON.stringify(added) });
    if (deleted.length) this.change.fieldsDeleted.push({ name: 'extension', oldValue: JSON.stringify(deleted) });
  }

  /**
   * `updateTags(fqn, field, orig, updated)`: a PUT merges the request's tags with the stored ones
   * (a tag is only ever removed by PATCH); the result is sorted by tagFQN. Returns the tags to store.
   */
  protected updateTags(field: string, orig: TagLabel[] | undefined, upd: TagLabel[] | undefined): TagLabel[] | undefined {
    const o = orig ?? [];
    const u = [...(upd ?? [])];
    if (o.length === 0 && u.length === 0) return upd;
    if (this.isPut) {
      mergeTags(u, o);
      this.context.checkMutuallyExclusive(u);
    }
    this.recordListChange(field, o, u, tagLabelMatch, 'tagLabel');
    return sortTags(u);
  }

  /** Before 1.9: one domain; a PUT without one keeps it, a bot's PUT keeps a set one. */
  private updateDomain(): void {
    const orig = this.original.domain;
    const upd = this.updated.domain;
    if (this.isPut && orig && this.context.byBot) {
      this.updated.domain = orig;
      return;
    }
    if ((!this.isPut || upd) && this.recordChange('domain', orig, upd, { json: 'reference', match: referenceMatch })) return;
    this.updated.domain = orig;
  }

  /** From 1.9: a list; a PUT without one keeps them, and a bot's PUT keeps set ones (updateDomains). */
  private updateDomains(): void {
    const orig = (this.original.domains ?? []).filter((d) => d.inherited !== true);
    const upd = (this.updated.domains ?? []).filter((d) => d.inherited !== true);
    const keep = this.isPut && (upd.length === 0 || (this.context.byBot && orig.length > 0));
    if (!keep) {
      const { added, deleted } = this.recordListChange('domains', orig, upd, referenceMatch, 'reference');
      if (added.length || deleted.length) {
        this.updated.domains = upd;
        return;
      }
    }
    this.updated.domains = this.original.domains;
  }

  /** `updateFromRelationships(dataProducts)`: no PUT exception, so a PUT without them removes them. */
  private updateDataProducts(): void {
    this.recordListChange('dataProducts', this.original.dataProducts, this.updated.dataProducts, referenceMatch, 'reference');
  }

  /** A PUT without a lifeCycle keeps the stored one; a timestamp never moves backwards. */
  private updateLifeCycle(): void {
    const orig = this.original.lifeCycle;
    if (this.isPut && absent(this.updated.lifeCycle)) this.updated.lifeCycle = orig;
    const upd = this.updated.lifeCycle;
    if (orig && upd) {
      for (const key of ['created', 'updated', 'accessed'] as const) {
        const o = orig[key];
        const u = upd[key];
        if (o && (!u || u.timestamp < o.timestamp)) upd[key] = o;
      }
    }
    this.recordChange('lifeCycle', orig, upd, { json: 'lifeCycle' });
  }
}
