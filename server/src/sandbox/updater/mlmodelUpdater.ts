// MlModelRepository.MlModelUpdater (upstream jdbi3/MlModelRepository.java) and the versioning around
// it (EntityRepository.EntityUpdater.update/updateVersion/consolidateChanges): what a PUT or PATCH
// of an ML model stores, with which version and changeDescription.
//
// Per version (serverVersions.ts): sourceHash is an ordinary change before 1.12 and stored without a
// new version from 1.12 (PR #25675); the newest line pairs features by name after the list
// comparison, merging each feature's tags on PUT and keeping a stored feature description on a
// bot's PUT (MlModelRepository.java, newest stored version).
import type { ChangeDescription, MlFeature, MlModel } from '../../openmetadata/types';
import { changed, EntityUpdater, nextMajorVersion, nextVersion, referenceMatch, type UpdateContext } from './entityUpdater';
import { pojoToJson } from './pojoJson';

/** Upstream's PATCH session: one user's changes within 10 minutes fold into one version. */
export const SESSION_TIMEOUT_MS = 10 * 60 * 1000;

/** `EntityUtil.mlHyperParameterMatch`: whole-object equality (Java equals). */
const parameterMatch = (a: unknown, b: unknown): boolean => pojoToJson(a, 'hyperParameter') === pojoToJson(b, 'hyperParameter');

/**
 * `EntityUtil.mlFeatureMatch`: whole-object equality (Java equals). Before the newest line a
 * feature's tags are stored in the entity JSON as sent, so `[]` and none differ; the newest line
 * reads them back from tag_usage as a list, so there "none" is `[]` on both sides.
 */
function featureMatch(tagsFromTagUsage: boolean): (a: MlFeature, b: MlFeature) => boolean {
  const shaped = (f: MlFeature): string => pojoToJson(tagsFromTagUsage ? { ...f, tags: f.tags ?? [] } : f, 'feature');
  return (a, b) => shaped(a) === shaped(b);
}

export class MlModelUpdater extends EntityUpdater<MlModel> {
  protected override entitySpecificUpdate(): void {
    const { original, updated } = this;
    // Algorithm is required: an update without one leaves it alone.
    if (updated.algorithm !== undefined && this.recordChange('algorithm', original.algorithm, updated.algorithm)) this.majorVersionChange = true;
    this.recordChange('dashboard', original.dashboard, updated.dashboard, { json: 'reference', match: referenceMatch });
    this.updateMlFeatures();
    this.recordListChange('mlHyperParameters', original.mlHyperParameters, updated.mlHyperParameters, parameterMatch, 'hyperParameter');
    this.recordChange('mlStore', original.mlStore, updated.mlStore, { json: 'mlStore' });
    if (this.recordChange('server', original.server, updated.server)) this.majorVersionChange = true;
    if (this.recordChange('target', original.target, updated.target)) this.majorVersionChange = true;
    this.recordChange('sourceUrl', original.sourceUrl, updated.sourceUrl);
    this.recordChange('sourceHash', original.sourceHash, updated.sourceHash, { updateVersion: this.context.rules.sourceHashBumpsVersion });
  }

  private updateMlFeatures(): void {
    const stored = this.original.mlFeatures;
    this.recordListChange('mlFeatures', stored, this.updated.mlFeatures, featureMatch(this.context.rules.featureRulesOnPut), 'feature');
    if (!this.context.rules.featureRulesOnPut) return;
    for (const feature of this.updated.mlFeatures ?? []) {
      const before = (stored ?? []).find((f) => f.name === feature.name);
      if (!before) continue;
      if (this.isPut && before.description && this.context.byBot) feature.description = before.description;
      else this.recordChange(`mlFeatures.${before.name}.description`, before.description, feature.description);
      feature.tags = this.updateTags(`mlFeatures.${feature.name}.tags`, before.tags, feature.tags);
    }
  }
}

export interface UpdateResult {
  /** What is stored: the merged entity with its version and changeDescription. */
  entity: MlModel;
  /** This request's own delta against the stored entity. */
  incremental: ChangeDescription;
  /** Anything to store (a sourceHash-only change is stored without a new version). */
  store: boolean;
  /** The version the request replaced, kept in the history. */
  historyEntry?: MlModel;
  /** A version a consolidated PATCH undid, removed from the history. */
  dropHistoryVersion?: number;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * EntityUpdater.consolidateChanges: a PATCH by the user who made the current version, within the
 * session, after the first update, is folded into that version (upstream reverts to the previous
 * version and applies the combined change). PUT is never consolidated.
 */
function consolidates(original: MlModel, previous: MlModel | undefined, context: UpdateContext): previous is MlModel {
  return (
    previous !== undefined &&
    context.operation === 'PATCH' &&
    (original.version ?? 0.1) > 0.1 &&
    original.deleted !== true &&
    original.updatedBy === context.updatedBy &&
    context.updatedAt - (original.updatedAt ?? 0) <= SESSION_TIMEOUT_MS
  );
}

/** Runs the updater and the version arithmetic (`updateVersion`): major +1.0, any other change +0.1. */
export function updateMlModel(original: MlModel, updated: MlModel, context: UpdateContext, previous?: MlModel): UpdateResult {
  const incremental = new MlModelUpdater(original, clone(updated), context).run();
  const consolidated = consolidates(original, previous, context);
  const base = consolidated ? previous : original;
  const full = consolidated ? new MlModelUpdater(base, clone(incremental.updated), context).run() : incremental;
  const baseVersion = base.version ?? 0.1;
  const version = full.majorVersionChange ? nextMajorVersion(baseVersion) : changed(full.change) ? nextVersion(baseVersion) : baseVersion;

  const entity = full.updated;
  entity.version = version;
  incremental.change.previousVersion = original.version ?? 0.1;
  entity.incrementalChangeDescription = incremental.change;
  if (version !== baseVersion) {
    full.change.previousVersion = baseVersion;
    entity.changeDescription = full.change;
    entity.updatedBy = context.updatedBy;
    entity.updatedAt = context.updatedAt;
  } else {
    entity.changeDescription = base.changeDescription;
    entity.updatedBy = base.updatedBy;
    entity.updatedAt = base.updatedAt;
    if (entity.changeDescription === undefined) delete entity.changeDescription;
  }
  const stored = JSON.stringify({ ...original, incrementalChangeDescription: undefined });
  const now = JSON.stringify({ ...entity, incrementalChangeDescription: undefined });
  return {
    entity,
    incremental: incremental.change,
    store: consolidated || version !== (original.version ?? 0.1) || stored !== now,
    historyEntry: version !== baseVersion ? base : undefined,
    dropHistoryVersion: consolidated && version === baseVersion ? baseVersion : undefined,
  };
}
