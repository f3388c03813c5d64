import { setTimeout as delay } from "node:timers/promises";

/**
 * Joins consecutive micro-batches while more keep arriving within `waitMs`,
 * until it holds at least `max` items (whole batches are kept together, so a
 * joined batch stays under 2 × max). The bus hands over "whatever has arrived", which while
 * catching up is one or two messages per turn of the event loop; a
 * transaction per two events would cost more than the events. A trickle
 * waits at most `waitMs` more than before.
 */
export async function* coalesceBatches<T>(source: AsyncIterable<T[]>, max: number, waitMs = 2): AsyncGenerator<T[]> {
  const it = source[Symbol.asyncIterator]();
  const TIMEOUT = Symbol("timeout");
  let next = it.next();
  try {
    for (;;) {
      const first = await next;
      if (first.done) return;
      const buf = [...first.value];
      next = it.next();
      let done = false;
      while (buf.length < max) {
        const r = await Promise.race([next, delay(waitMs, TIMEOUT)]);
        if (r === TIMEOUT) break;
        if (r.done) {
          done = true;
          break;
        }
        buf.push(...r.value);
        next = it.next();
      }
      yield buf;
      if (done) return;
    }
  } finally {
    // Not awaited: with a next() pending, return() would wait for one more batch,
    // which may never come. The source stops when its own signal aborts.
    void it.return?.();
  }
}
