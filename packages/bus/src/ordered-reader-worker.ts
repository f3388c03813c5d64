/**
 * The worker side of readOrderedInWorker: its own NATS connection, the
 * schema imported by name, and readOrdered itself (same consumer, same
 * micro-batches, same decode), so the two readers cannot drift apart.
 *
 * Each batch goes to the main thread as ONE UTF-8 JSON buffer, transferred
 * (not copied); only failed items' raw bytes travel beside it. Measured on
 * this machine (articleClassified, ~700 B/event, batches of 500, µs of
 * MAIN-thread time per event): structured clone of the ReadItem array
 * 2.7–5.7; one JSON string per batch 2.1–2.3; one transferred UTF-8 buffer
 * 1.9–2.2; per-item raw bytes 1.8–2.0, but raw bytes would skip zod's output
 * (stripped keys), so the worker re-serializes the validated event instead.
 * The price: a schema's output must survive JSON (strings, numbers, plain
 * objects; no Date, Map or bigint).
 *
 * Backpressure is credit: the worker posts a batch only while it holds
 * credit, and the main thread grants one per batch it takes. Without credit
 * the worker stops pulling, so readOrdered's own bounds (2×maxBatch queued,
 * max_messages) stop the consumer.
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { connect } from "nats";
import type { z } from "zod";
import { readOrdered, type ReadItem } from "./ordered-reader.ts";

export interface ReaderWorkerInput {
  servers: string;
  schema: { module: string; exportName: string };
  filterSubject: string;
  acceptTypes?: string[];
  fromSeq: number;
  untilSeq?: number;
  stream?: string;
  maxBatch?: number;
  /** Batches the worker may post before the main thread takes one. */
  credit: number;
}

export interface FailedBytes {
  i: number;
  data: Uint8Array;
}

export type WorkerToMain = { kind: "batch"; json: Uint8Array; failures: FailedBytes[] } | { kind: "end" } | { kind: "error"; message: string };
export type MainToWorker = { kind: "credit" } | { kind: "stop" };

const encoder = new TextEncoder();

async function loadSchema(s: ReaderWorkerInput["schema"]): Promise<z.ZodType<unknown>> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(s.module)) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`cannot import schema module ${s.module}: ${(err as Error).message}`, { cause: err });
  }
  const schema = mod[s.exportName] as { safeParse?: unknown } | undefined;
  if (typeof schema?.safeParse !== "function") throw new Error(`schema module ${s.module} has no zod schema export ${s.exportName}`);
  return schema as z.ZodType<unknown>;
}

/** A batch as one JSON buffer; failed items lose `data` there and carry it beside (a compact copy: m.data may view a whole socket chunk). */
export function encodeBatch(batch: ReadItem<unknown>[]): { msg: WorkerToMain; transfer: ArrayBuffer[] } {
  const failures: FailedBytes[] = [];
  const items = batch.map((it, i) => {
    if (it.ok) return it;
    const { data, ...rest } = it;
    failures.push({ i, data: new Uint8Array(data) });
    return rest;
  });
  const json = encoder.encode(JSON.stringify(items));
  return { msg: { kind: "batch", json, failures }, transfer: [json.buffer as ArrayBuffer, ...failures.map((f) => f.data.buffer as ArrayBuffer)] };
}

async function run(port: MessagePort, input: ReaderWorkerInput): Promise<void> {
  const ac = new AbortController();
  let credit = input.credit;
  let wake: (() => void) | undefined;
  port.on("message", (m: MainToWorker) => {
    if (m.kind === "stop") ac.abort();
    else credit++;
    wake?.();
  });
  const schema = await loadSchema(input.schema);
  // No waitOnFirstConnect (unlike connectBus): a wrong URL must fail the read, not hang it.
  const nc = await connect({ servers: input.servers, name: "gw-ordered-reader-worker", reconnectTimeWait: 250, maxReconnectAttempts: -1, timeout: 10_000, noAsyncTraces: true }).catch((err: Error) => {
    throw new Error(`cannot connect to NATS at ${input.servers}: ${err.message}`, { cause: err });
  });
  try {
    const { filterSubject, fromSeq, untilSeq, stream, maxBatch } = input;
    const acceptTypes = input.acceptTypes && new Set(input.acceptTypes);
    const js = nc.jetstream();
    for await (const batch of readOrdered({ js, schema, filterSubject, acceptTypes, fromSeq, untilSeq, stream, maxBatch, signal: ac.signal })) {
      while (credit === 0 && !ac.signal.aborted) await new Promise<void>((r) => (wake = r));
      if (ac.signal.aborted) return;
      credit--;
      const { msg, transfer } = encodeBatch(batch);
      port.postMessage(msg, transfer);
    }
  } finally {
    await nc.close().catch(() => undefined);
  }
}

// The last message comes after the connection is closed: the main thread then
// terminates the thread (tsx's loader port would keep it alive on its own).
if (parentPort) {
  const port = parentPort;
  run(port, workerData as ReaderWorkerInput).then(
    () => port.postMessage({ kind: "end" } satisfies WorkerToMain),
    (err: unknown) => port.postMessage({ kind: "error", message: (err as Error)?.message ?? String(err) } satisfies WorkerToMain),
  );
}
