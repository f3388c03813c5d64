/**
 * Turns a message iterator into micro-batches: each batch is whatever has
 * arrived while the previous batch was being handled (at least one, at most
 * maxBatch). A burst costs one transaction; a trickle costs no waiting.
 * The pump stops pulling when 2×maxBatch items are queued (backpressure).
 */
export async function* microBatches<T>(source: AsyncIterable<T>, maxBatch: number): AsyncGenerator<T[]> {
  const queue: T[] = [];
  let done = false;
  let failure: unknown;
  let wakeConsumer: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  const pump = (async () => {
    try {
      for await (const item of source) {
        queue.push(item);
        wakeConsumer?.();
        while (queue.length >= maxBatch * 2 && !done) await new Promise<void>((r) => (wakePump = r));
        if (done) break;
      }
    } catch (err) {
      failure = err;
    } finally {
      done = true;
      wakeConsumer?.();
    }
  })();
  try {
    for (;;) {
      while (queue.length === 0 && !done) await new Promise<void>((r) => (wakeConsumer = r));
      wakeConsumer = undefined;
      if (queue.length === 0) break;
      const batch = queue.splice(0, maxBatch);
      wakePump?.();
      wakePump = undefined;
      yield batch;
    }
    if (failure) throw failure;
  } finally {
    done = true;
    wakePump?.();
    await Promise.race([pump, new Promise((r) => setTimeout(r, 0))]);
  }
}
