/**
 * A map bounded by recency of use, cheaply: two generations of at most
 * `capacity` entries each; a hit in the old one moves to the new one, and
 * when the new one is full the old one is dropped. Memory stays at most
 * 2 × capacity entries however long the projector runs, and what the
 * current traffic touches stays (a strict LRU would cost a reorder per hit).
 */
export class RecentCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(k: K): V | undefined {
    const v = this.young.get(k);
    if (v !== undefined) return v;
    const o = this.old.get(k);
    if (o !== undefined) {
      this.old.delete(k);
      this.set(k, o);
    }
    return o;
  }

  set(k: K, v: V): void {
    if (!this.young.has(k) && this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.old.delete(k);
    this.young.set(k, v);
  }

  delete(k: K): void {
    this.young.delete(k);
    this.old.delete(k);
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
