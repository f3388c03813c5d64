/**
 * `gw rebuild`: replays the stream from seq 1 to its last classification at
 * start into a new generation file, verifies it, swaps it in atomically
 * (swap-read-model.ts) and exits.
 *
 * - It takes the projector's writer lock, so it refuses to run beside a live
 *   projector (stop it first: `gw run projector` or `pnpm start`), and a
 *   projector refuses to start during a rebuild. So no running projector
 *   ever has to learn of a swap: the next one opens the new file and goes on
 *   from its position.
 * - No alert fires again: outbox rows of events the old file had already
 *   projected (seq ≤ its position) are written as sent. Rows of events it had
 *   not reached yet are new facts and are relayed, as the projector would.
 *   The old file's unrelayed rows are relayed before anything else.
 */
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { connectBus, ensureStreams, lastSequence, readOrdered, type Bus } from "@gw/bus";
import { loadConfig } from "@gw/config";
import { articleClassified, CLASSIFICATION_SUBJECTS, STREAM, SUBJECTS } from "@gw/events";
import { createLogger, type Logger } from "@gw/logging";
import { deadLetterEvent } from "./dead-letter.ts";
import { openReadModel } from "./open-read-model.ts";
import { createOutboxRelay } from "./outbox-relay.ts";
import { createProgress } from "./progress-line.ts";
import { createProjection } from "./projection.ts";
import { currentGeneration, generationPath, swapInGeneration } from "./swap-read-model.ts";
import { verifyReadModel } from "./verify-read-model.ts";
import { acquireWriterLock, WriterLockedError } from "./writer-lock.ts";

export async function rebuildCommand(args: string[], opts: { err?: NodeJS.WritableStream } = {}): Promise<number> {
  const err = opts.err ?? process.stderr;
  if (args.includes("--help") || args.includes("-h")) {
    err.write("usage: gw rebuild   (stop the projector first; needs NATS at NATS_URL)\n");
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger({ name: "rebuild", level: config.logLevel });
  const dbPath = resolve(config.db);
  let lock;
  try {
    lock = acquireWriterLock(dbPath, "rebuild");
  } catch (e) {
    if (!(e instanceof WriterLockedError)) throw e;
    err.write(`gw rebuild: ${e.message}\n`);
    return 1;
  }
  let bus: Bus | undefined;
  let gen: string | undefined;
  try {
    bus = await connectBus(config.natsUrl ?? "nats://127.0.0.1:4222", "rebuild", logger);
    await ensureStreams(bus.jsm, { replicas: config.stream.replicas });
    const oldPosition = await settleOldFile(dbPath, bus, logger);
    const endSeq = await lastSequence(bus.jsm, STREAM, SUBJECTS.articleClassified);
    gen = generationPath(dbPath);
    const result = await replayInto(gen, { bus, logger, endSeq, oldPosition, windowHours: config.projector.windowHours, maxBatch: Math.max(config.projector.batchSize, 1000), err });
    swapInGeneration(dbPath, gen);
    const fresh = openReadModel(dbPath);
    const relay = createOutboxRelay(fresh, bus.js, logger);
    await relay.flush();
    fresh.close();
    err.write(`gw rebuild: ${result.events} events → ${result.articles} articles, ${result.developments} developments; swapped in ${gen} (${relay.relayed} new development events relayed)\n`);
    return 0;
  } catch (e) {
    const swapped = gen !== undefined && currentGeneration(dbPath) === gen;
    if (gen && !swapped) for (const f of [gen, `${gen}-wal`, `${gen}-shm`]) rmSync(f, { force: true });
    err.write(`\ngw rebuild: failed${swapped ? " after the swap" : ", the live read model is unchanged"}: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await bus?.close();
    lock.release();
  }
}

/** Relays what the old file committed but never relayed; returns its position (0 when there is none). */
async function settleOldFile(dbPath: string, bus: Bus, logger: Logger): Promise<number> {
  const current = currentGeneration(dbPath);
  if (!current || !existsSync(current)) return 0;
  const old = openReadModel(dbPath);
  try {
    await createOutboxRelay(old, bus.js, logger).flush();
    const pending = (old.prepare("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL").get() as { n: number }).n;
    if (pending > 0) throw new Error(`${pending} development events of the current read model could not be relayed (is NATS up?)`);
    return (old.prepare("SELECT seq FROM projector_position WHERE id = 1").get() as { seq: number } | undefined)?.seq ?? 0;
  } finally {
    old.close();
  }
}

interface ReplayOptions {
  bus: Bus;
  logger: Logger;
  endSeq: number;
  oldPosition: number;
  windowHours: number;
  maxBatch: number;
  err: NodeJS.WritableStream;
}

async function replayInto(gen: string, o: ReplayOptions) {
  const db = openReadModel(gen);
  try {
    db.prepare("INSERT OR REPLACE INTO read_model_meta (key, value) VALUES ('rebuilt_at', ?), ('rebuilt_to_seq', ?)").run(new Date().toISOString(), String(o.endSeq));
    const projection = createProjection(db, { windowHours: o.windowHours, outboxSentUpTo: o.oldPosition });
    const progress = createProgress(o.err, o.endSeq);
    const ac = new AbortController();
    let events = 0;
    if (o.endSeq > 0) {
      for await (const batch of readOrdered({ js: o.bus.js, filterSubject: CLASSIFICATION_SUBJECTS, schema: articleClassified, fromSeq: 1, untilSeq: o.endSeq, signal: ac.signal, maxBatch: o.maxBatch, acceptTypes: new Set(["article.classified"]) })) {
        for (const item of batch) if (!item.ok && !item.skip && item.seq > o.oldPosition) await deadLetterEvent(o.bus.js, o.logger, item);
        projection.applyBatch(batch);
        events += batch.length;
        progress.update(batch.at(-1)!.seq, events);
      }
    }
    progress.done(events);
    const summary = verifyReadModel(db, o.endSeq);
    db.pragma("wal_checkpoint(TRUNCATE)");
    return { events, ...summary };
  } finally {
    db.close();
  }
}
