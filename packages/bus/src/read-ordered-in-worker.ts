import { Worker } from "node:worker_threads";
import type { ReadItem } from "./ordered-reader.ts";
import type { MainToWorker, ReaderWorkerInput, WorkerToMain } from "./ordered-reader-worker.ts";

export interface WorkerReadOptions {
  /** NATS URL(s): the worker opens its own connection. */
  servers: string;
  /** A zod schema by name, importable from packages/bus (e.g. "@gw/events" + "articleClassified"). Its output must survive JSON. */
  schema: { module: string; exportName: string };
  filterSubject: string;
  acceptTypes?: ReadonlySet<string> | readonly string[];
  /** First stream sequence to deliver (1 = from the start). */
  fromSeq: number;
  signal: AbortSignal;
  stream?: string;
  maxBatch?: number;
  /** Stop after this sequence has been delivered. */
  untilSeq?: number;
}

/** Batches decoded ahead of the consumer: enough to hide a batch's read, bounded so a replay of millions cannot fill memory. */
const CREDIT = 3;
/** How long a stopped worker may take to close its consumer and connection before it is terminated. */
const STOP_GRACE_MS = 2000;
const WORKER_URL = new URL("./ordered-reader-worker.ts", import.meta.url).href;
const decoder = new TextDecoder();

type Inbound = WorkerToMain | { kind: "exit"; code: number };

/**
 * readOrdered with the read, JSON parse and schema validation on a worker
 * thread: same items, same order, same fromSeq/untilSeq/abort rules. A
 * worker failure is thrown here; abort, return or a throw in the consumer's
 * loop stops the worker (consumer and connection closed, thread ended).
 *
 * Worth it only for a heavy consumer of a long stream. Measured with
 * bench/_worker_reader.ts (300k articleClassified, maxBatch 5000, 2 vCPUs
 * shared with the local nats-server): main-thread CPU for reading falls from
 * ~8.4 to ~2.7 µs/event, but the worker needs ~11 µs/event of its own (it
 * re-serializes) and competes for the cores with nats-server and the main
 * thread. With a consumer burning ~21 µs CPU/event: 30.6–31.0k/s readOrdered
 * vs 31.1–32.0k/s here (steady 32–33k/s). With a no-op consumer it is slower:
 * ~115k/s vs ~75k/s. Starting the worker costs ~250–300 ms (tsx, imports,
 * connection, consumer) before the first batch.
 */
export async function* readOrderedInWorker<T>(o: WorkerReadOptions): AsyncGenerator<ReadItem<T>[]> {
  if ((o.untilSeq !== undefined && o.untilSeq < o.fromSeq) || o.signal.aborted) return;
  const { servers, schema, filterSubject, fromSeq, untilSeq, stream, maxBatch } = o;
  const acceptTypes = o.acceptTypes && [...o.acceptTypes];
  const worker = spawnReaderWorker({ servers, schema, filterSubject, acceptTypes, fromSeq, untilSeq, stream, maxBatch, credit: CREDIT });
  const inbox: Inbound[] = [];
  let wake: (() => void) | undefined;
  let finished!: () => void;
  const over = new Promise<void>((r) => (finished = r));
  const push = (m: Inbound) => {
    if (m.kind !== "batch") finished();
    inbox.push(m);
    wake?.();
  };
  worker.on("message", push);
  worker.on("error", (err) => push({ kind: "error", message: err.message }));
  worker.on("exit", (code) => push({ kind: "exit", code }));
  const onAbort = () => wake?.();
  o.signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      // Held only while waiting: a generator its caller forgets does not keep the process alive.
      worker.ref();
      while (inbox.length === 0 && !o.signal.aborted) await new Promise<void>((r) => (wake = r));
      worker.unref();
      const m = inbox.shift();
      if (o.signal.aborted || !m || m.kind === "end") return;
      if (m.kind === "error") throw new Error(`ordered reader worker (${o.filterSubject}): ${m.message}`);
      if (m.kind === "exit") throw new Error(`ordered reader worker (${o.filterSubject}) exited with code ${m.code} before the end of its read`);
      worker.postMessage({ kind: "credit" } satisfies MainToWorker);
      yield decodeBatch<T>(m.json, m.failures);
    }
  } finally {
    o.signal.removeEventListener("abort", onAbort);
    await stopWorker(worker, over);
  }
}

function decodeBatch<T>(json: Uint8Array, failures: { i: number; data: Uint8Array }[]): ReadItem<T>[] {
  const items = JSON.parse(decoder.decode(json)) as ReadItem<T>[];
  for (const f of failures) {
    const item = items[f.i];
    // A Buffer over the transferred bytes (no copy), as nats.js hands readOrdered.
    if (item && !item.ok) item.data = Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength);
  }
  return items;
}

/**
 * The worker runs TypeScript: on Node 20, tsx registers its hooks only on
 * the main thread (tsx/esm checks isMainThread), and vitest runs TS without
 * any loader at all, so the worker registers tsx itself before importing its
 * module. execArgv is empty: a parent's tsx or vitest preload flags do
 * nothing useful there, and some parent flags are refused by workers.
 */
function spawnReaderWorker(input: ReaderWorkerInput): Worker {
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(WORKER_URL)}); });`;
  return new Worker(boot, { eval: true, workerData: input, execArgv: [] });
}

/** Asks the worker to close its consumer and connection (its last message says it has), then ends the thread. */
async function stopWorker(worker: Worker, over: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  worker.postMessage({ kind: "stop" } satisfies MainToWorker);
  await Promise.race([over, new Promise<void>((r) => (timer = setTimeout(r, STOP_GRACE_MS)))]);
  clearTimeout(timer);
  await worker.terminate();
}
