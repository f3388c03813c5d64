/**
 * Feeds by next poll time: a binary min-heap with lazy deletion (a feed's
 * entry is current only while its time matches `at`), so picking the next due
 * feed is O(log n) even with thousands of feeds overdue at once.
 */
export class DueQueue {
  private heap: Array<{ url: string; at: number }> = [];
  private readonly at = new Map<string, number>();

  get size(): number {
    return this.at.size;
  }

  set(url: string, at: number): void {
    this.at.set(url, at);
    this.heap.push({ url, at });
    this.up(this.heap.length - 1);
  }

  delete(url: string): void {
    this.at.delete(url);
  }

  has(url: string): boolean {
    return this.at.has(url);
  }

  urls(): IterableIterator<string> {
    return this.at.keys();
  }

  /** The earliest current time, or undefined when empty. */
  peekTime(): number | undefined {
    this.dropStale();
    return this.heap[0]?.at;
  }

  /** Removes and returns the earliest feed if it is due at `now`. */
  popDue(now: number): string | undefined {
    this.dropStale();
    const top = this.heap[0];
    if (!top || top.at > now) return undefined;
    this.pop();
    this.at.delete(top.url);
    return top.url;
  }

  private dropStale(): void {
    while (this.heap.length && this.at.get(this.heap[0]!.url) !== this.heap[0]!.at) this.pop();
  }

  private pop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length) {
      this.heap[0] = last;
      this.down(0);
    }
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= h[i]!.at) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.at < h[m]!.at) m = l;
      if (r < h.length && h[r]!.at < h[m]!.at) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}
