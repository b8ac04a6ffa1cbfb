// Lineage edges (upstream's UPSTREAM relationships): at most one edge per (from, to) pair, found
// from either end.
import type { EntityReference, LineageDetails } from '../../openmetadata/types';

export interface StoredEdge {
  from: Pick<EntityReference, 'id' | 'type'>;
  to: Pick<EntityReference, 'id' | 'type'>;
  description?: string;
  lineageDetails?: LineageDetails;
}

function key(fromId: string, toId: string): string {
  return `${fromId}>${toId}`;
}

export class LineageStore {
  private readonly edges = new Map<string, StoredEdge>();
  private readonly into = new Map<string, Set<string>>();
  private readonly outOf = new Map<string, Set<string>>();

  /** Adds the edge, or replaces the description and details of the existing one. */
  add(edge: StoredEdge): void {
    const k = key(edge.from.id, edge.to.id);
    this.edges.set(k, { from: { id: edge.from.id, type: edge.from.type }, to: { id: edge.to.id, type: edge.to.type }, description: edge.description, lineageDetails: edge.lineageDetails });
    this.link(this.into, edge.to.id, k);
    this.link(this.outOf, edge.from.id, k);
  }

  private link(index: Map<string, Set<string>>, id: string, k: string): void {
    const set = index.get(id) ?? new Set<string>();
    set.add(k);
    index.set(id, set);
  }

  has(fromId: string, toId: string): boolean {
    return this.edges.has(key(fromId, toId));
  }

  remove(fromId: string, toId: string): boolean {
    const k = key(fromId, toId);
    if (!this.edges.delete(k)) return false;
    this.into.get(toId)?.delete(k);
    this.outOf.get(fromId)?.delete(k);
    return true;
  }

  /** Drop every edge touching an entity (a hard-deleted entity). */
  removeEntity(id: string): void {
    for (const edge of [...this.upstreamOf(id), ...this.downstreamOf(id)]) this.remove(edge.from.id, edge.to.id);
  }

  /** Edges whose `to` is the entity. */
  upstreamOf(id: string): StoredEdge[] {
    return [...(this.into.get(id) ?? [])].map((k) => this.edges.get(k) as StoredEdge);
  }

  /** Edges whose `from` is the entity. */
  downstreamOf(id: string): StoredEdge[] {
    return [...(this.outOf.get(id) ?? [])].map((k) => this.edges.get(k) as StoredEdge);
  }

  get size(): number {
    return this.edges.size;
  }

  clear(): void {
    this.edges.clear();
    this.into.clear();
    this.outOf.clear();
  }
}
