// A read-mostly set of entities of one type, in FQN order, found by id or by FQN. FQN lookups are
// insensitive to optional quoting, as upstream's fqnHash is: `svc."model"` finds `svc.model`.
import { fqnKey as keyOf } from '../fqn';
import type { EntityReference } from '../../openmetadata/types';

export interface Named {
  id: string;
  name: string;
  fullyQualifiedName?: string;
  displayName?: string;
  description?: string;
  deleted?: boolean;
}

export function fqnKey(fqn: string): string {
  return keyOf(fqn);
}

/** The reference the server embeds for an entity (no href: that is added per response). */
export function referenceTo(type: string, entity: Named): EntityReference {
  const ref: EntityReference = { id: entity.id, type, name: entity.name, fullyQualifiedName: entity.fullyQualifiedName ?? entity.name };
  if (entity.description !== undefined) ref.description = entity.description;
  if (entity.displayName !== undefined) ref.displayName = entity.displayName;
  ref.deleted = entity.deleted ?? false;
  return ref;
}

export class EntityCollection<T extends Named> {
  private items: T[];
  private readonly byIdMap = new Map<string, T>();
  private readonly byFqnMap = new Map<string, T>();

  constructor(
    readonly type: string,
    items: readonly T[],
  ) {
    this.items = [...items].sort((a, b) => compare(fqnOf(a), fqnOf(b)));
    for (const item of this.items) this.index(item);
  }

  private index(item: T): void {
    this.byIdMap.set(item.id, item);
    this.byFqnMap.set(fqnKey(fqnOf(item)), item);
  }

  list(): readonly T[] {
    return this.items;
  }

  byId(id: string): T | undefined {
    return this.byIdMap.get(id);
  }

  byFqn(fqn: string): T | undefined {
    return this.byFqnMap.get(fqnKey(fqn));
  }
}

export function fqnOf(entity: Named): string {
  return entity.fullyQualifiedName ?? entity.name;
}

/** Code-unit order, as Java's String.compareTo (and the server's name ordering) use. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
