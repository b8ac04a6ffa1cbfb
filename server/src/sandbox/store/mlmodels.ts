// ML models with their version history. The current entity and every past version are kept whole
// (owners, tags, dashboard…) as upstream's version store keeps them; copies go in and out, so a
// caller can never change a stored version by accident.
import type { MlModel } from '../../openmetadata/types';
import { compare, fqnKey } from './collection';

interface StoredModel {
  current: MlModel;
  /** Past versions by version number; never includes the current one. */
  history: Map<number, MlModel>;
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class MlModelStore {
  private readonly models = new Map<string, StoredModel>();
  private readonly idByFqn = new Map<string, string>();

  get(id: string): MlModel | undefined {
    const stored = this.models.get(id);
    return stored && copy(stored.current);
  }

  getByFqn(fqn: string): MlModel | undefined {
    const id = this.idByFqn.get(fqnKey(fqn));
    return id === undefined ? undefined : this.get(id);
  }

  /** Every model, current versions, in FQN order. */
  list(): MlModel[] {
    return [...this.models.values()]
      .map((m) => copy(m.current))
      .sort((a, b) => compare(a.fullyQualifiedName as string, b.fullyQualifiedName as string));
  }

  create(model: MlModel): void {
    this.models.set(model.id, { current: copy(model), history: new Map() });
    this.idByFqn.set(fqnKey(model.fullyQualifiedName as string), model.id);
  }

  /** Store a new current version; `historyEntry` is archived under its own version. */
  update(model: MlModel, change: { historyEntry?: MlModel; dropHistoryVersion?: number }): void {
    const stored = this.models.get(model.id);
    if (!stored) throw new Error(`no stored model ${model.id}`);
    if (change.historyEntry) stored.history.set(change.historyEntry.version as number, copy(change.historyEntry));
    if (change.dropHistoryVersion !== undefined) stored.history.delete(change.dropHistoryVersion);
    stored.current = copy(model);
  }

  remove(id: string): void {
    const stored = this.models.get(id);
    if (!stored) return;
    this.models.delete(id);
    this.idByFqn.delete(fqnKey(stored.current.fullyQualifiedName as string));
  }

  /** The stored version a consolidating PATCH would revert to (`changeDescription.previousVersion`). */
  previousOf(model: MlModel): MlModel | undefined {
    const version = model.changeDescription?.previousVersion;
    const stored = this.models.get(model.id);
    return version === undefined || !stored ? undefined : copy(stored.history.get(version));
  }

  /** Current first, then older versions, newest first. */
  versions(id: string): MlModel[] | undefined {
    const stored = this.models.get(id);
    if (!stored) return undefined;
    const past = [...stored.history.values()].sort((a, b) => (b.version as number) - (a.version as number));
    return [stored.current, ...past].map(copy);
  }

  version(id: string, version: number): MlModel | undefined {
    const stored = this.models.get(id);
    if (!stored) return undefined;
    if (stored.current.version === version) return copy(stored.current);
    const past = stored.history.get(version);
    return past && copy(past);
  }

  clear(): void {
    this.models.clear();
    this.idByFqn.clear();
  }
}
