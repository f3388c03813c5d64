/**
 * `tsx bench/_worker_reader.ts [count]`: readOrdered vs readOrderedInWorker
 * over the same stream of synthetic classifications, with a no-op consumer
 * and with one that burns ~20 µs of main-thread CPU per event (a stand-in
 * for the projection). Prints events/s and main-thread busy µs per event
 * (event-loop utilization), which is what the worker is meant to free.
 */
import { readFileSync } from "node:fs";
import { pino } from "pino";
import { connectBus, ensureStreams, readOrdered, readOrderedInWorker, type ReadItem } from "@gw/bus";
import { articleClassified, CLASSIFICATION_SUBJECTS } from "@gw/events";
import { startNatsServer } from "@gw/testkit";
import { publishClassifications } from "../services/projector/src/stream-fixtures.ts";
import { syntheticClassifications } from "../services/projector/src/synthetic-stream.ts";

const count = Number(process.argv[2] ?? 100_000);
const BURN_US = 20;
const MAX_BATCH = Number(process.argv[3] ?? 5000); // 5000: as gw rebuild reads

/** CPU work, not a wall-clock wait: calibrated once, so a descheduled main thread still owes its 20 µs. */
let sink = 0;
function spin(iterations: number): void {
  let x = sink;
  for (let i = 0; i < iterations; i++) x = (x * 1103515245 + 12345) % 2147483648;
  sink = x;
}
const ITER_PER_US = (() => {
  for (let i = 0; i < 50; i++) spin(1e5); // optimized before it is timed
  const t = performance.now();
  spin(2e7);
  return 2e7 / ((performance.now() - t) * 1000);
})();
const burn = (us: number) => spin(Math.round(us * ITER_PER_US));

const server = await startNatsServer();
/** CPU time of the calling thread (Linux /proc, 10 ms ticks): ELU counts time a thread was runnable but descheduled on 2 shared cores. */
function ticksMs(path: string): number {
  const f = readFileSync(path, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}
const threadCpuMs = () => ticksMs("/proc/thread-self/stat");
const serverCpuMs = () => ticksMs(`/proc/${server.process.pid}/stat`);
const bus = await connectBus(server.url, "bench-worker-reader", pino({ level: "silent" }));
try {
  await ensureStreams(bus.jsm);
  const t0 = performance.now();
  const last = await publishClassifications(bus, syntheticClassifications({ count, seed: 2026, relevantShare: 0.3, reclassifyShare: 0.001 }));
  console.log(`published ${count} events in ${((performance.now() - t0) / 1000).toFixed(1)} s (last seq ${last})`);

  type Reader = (signal: AbortSignal) => AsyncGenerator<ReadItem<unknown>[]>;
  const common = { filterSubject: CLASSIFICATION_SUBJECTS, fromSeq: 1, untilSeq: last, maxBatch: MAX_BATCH, acceptTypes: new Set(["article.classified"]) };
  const readers: Record<string, Reader> = {
    readOrdered: (signal) => readOrdered({ ...common, js: bus.js, schema: articleClassified, signal }),
    readOrderedInWorker: (signal) => readOrderedInWorker({ ...common, servers: server.url, schema: { module: "@gw/events", exportName: "articleClassified" }, signal }),
  };

  async function measure(reader: Reader, burnUs: number) {
    const ac = new AbortController();
    const elu0 = performance.eventLoopUtilization();
    const c0 = threadCpuMs(), s0 = serverCpuMs();
    const t = performance.now();
    let n = 0;
    let ok = 0;
    let first = 0;
    for await (const batch of reader(ac.signal)) {
      if (!first) first = performance.now();
      n += batch.length;
      for (const it of batch) if (it.ok) ok++;
      if (burnUs) burn(burnUs * batch.length);
    }
    const ms = performance.now() - t;
    const elu = performance.eventLoopUtilization(elu0);
    if (n !== count || ok !== count) throw new Error(`read ${n} items (${ok} ok), expected ${count}`);
    return { mainCpuUs: (((threadCpuMs() - c0) * 1000) / n).toFixed(1), mainBusy: `${Math.round(elu.utilization * 100)}%`, serverCpuUs: (((serverCpuMs() - s0) * 1000) / n).toFixed(1), perS: Math.round(n / (ms / 1000)), firstBatchMs: Math.round(first - t), steadyPerS: Math.round(n / ((performance.now() - first) / 1000)), mainActiveUs: ((elu.active * 1000) / n).toFixed(1) };
  }

  const rows: Array<Record<string, string | number>> = [];
  for (const round of [0, 1, 2]) {
    for (const burnUs of [0, BURN_US]) {
      for (const [name, reader] of Object.entries(readers)) {
        const r = await measure(reader, burnUs);
        if (round > 0) rows.push({ round, consumer: burnUs ? `burn ${burnUs} µs/event` : "no-op", reader: name, ...r });
      }
    }
  }
  console.table(rows);
  const c = threadCpuMs();
  burn(BURN_US * 50_000);
  console.log(`round 0 (warm-up) not shown. burn measured: ${(((threadCpuMs() - c) * 1000) / 50_000).toFixed(1)} µs CPU/event. mainCpuUs: main-thread CPU per event incl. the burn (10 ms ticks); mainActiveUs: main event-loop active time per event (ELU, wall); serverCpuUs: nats-server CPU per event.`);
} finally {
  await bus.close();
  await server.stop();
}
