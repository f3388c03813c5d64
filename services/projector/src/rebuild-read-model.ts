import { closeSync, existsSync, fsyncSync, openSync, rmSync } from "node:fs";
import { ensureStreams, lastSequence, publishDeadLetter, readOrdered, type Bus } from "@gw/bus";
import { articleClassified, CLASSIFICATION_SUBJECTS, STREAM, SUBJECTS } from "@gw/events";
import type { Logger } from "@gw/logging";
import { coalesceBatches } from "./coalesce-batches.ts";
import { openReadModel } from "./open-read-model.ts";
import { createOutboxRelay } from "./outbox-relay.ts";
import { createProgress } from "./progress-line.ts";
import { createProjection } from "./projection.ts";
import { currentGeneration, generationPath, swapInGeneration } from "./swap-read-model.ts";
import { verifyReadModel } from "./verify-read-model.ts";
import { acquireWriterLock } from "./writer-lock.ts";

export interface RebuildOptions {
  /** The live read-model path (GW_DB, resolved). */
  dbPath: string;
  bus: Bus;
  logger: Logger;
  windowHours: number;
  batchSize: number;
  replicas?: number;
  /** Where the progress line goes (stderr). */
  err: NodeJS.WritableStream;
}

export interface RebuildResult {
  events: number;
  articles: number;
  developments: number;
  generation: string;
  /** Development events of events the old file had not reached, relayed now. */
  relayed: number;
}

/**
 * The rebuild itself (see rebuild-cli.ts for the rules). Takes the writer
 * lock (throws WriterLockedError beside a live projector); on failure the new
 * generation is deleted and the live file is untouched.
 */
export async function rebuildReadModel(o: RebuildOptions): Promise<RebuildResult> {
  const lock = acquireWriterLock(o.dbPath, "rebuild");
  const gen = generationPath(o.dbPath);
  try {
    await ensureStreams(o.bus.jsm, { replicas: o.replicas ?? 1 });
    const oldPosition = await settleOldFile(o.dbPath, o.bus, o.logger);
    const endSeq = await lastSequence(o.bus.jsm, STREAM, SUBJECTS.articleClassified);
    const result = await replayInto(gen, { ...o, endSeq, oldPosition, maxBatch: Math.max(o.batchSize, REBUILD_BATCH) });
    swapInGeneration(o.dbPath, gen);
    const fresh = openReadModel(o.dbPath);
    const relay = createOutboxRelay(fresh, o.bus.js, o.logger);
    await relay.flush();
    fresh.close();
    return { ...result, generation: gen, relayed: relay.relayed };
  } catch (e) {
    if (currentGeneration(o.dbPath) !== gen) for (const f of [gen, `${gen}-wal`, `${gen}-shm`]) rmSync(f, { force: true });
    throw e;
  } finally {
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

/** Events per transaction in a rebuild: fewer, larger commits (nobody waits for them). */
const REBUILD_BATCH = 5000;

interface ReplayOptions extends RebuildOptions {
  endSeq: number;
  oldPosition: number;
  maxBatch: number;
}

async function replayInto(gen: string, o: ReplayOptions) {
  const db = openReadModel(gen);
  try {
    db.prepare("INSERT OR REPLACE INTO read_model_meta (key, value) VALUES ('rebuilt_at', ?), ('rebuilt_to_seq', ?)").run(new Date().toISOString(), String(o.endSeq));
    // No reader opens this file until the swap, and a failed rebuild deletes it:
    // commits need not reach the disk one by one (fsyncFile below makes the
    // whole file durable before the swap), and the WAL is copied back every
    // ~400 MB rather than every 40 MB (bounded, so a rebuild of millions of
    // articles does not need twice its size on disk).
    db.pragma("synchronous = OFF");
    db.pragma("wal_autocheckpoint = 100000");
    // A one-off run with no RSS budget: a larger window keeps re-walks after old reclassifications in memory.
    const projection = createProjection(db, { windowHours: o.windowHours, outboxSentUpTo: o.oldPosition, windowMaxArticles: 65_536 });
    const progress = createProgress(o.err, o.endSeq);
    const ac = new AbortController(); // stops the reader if a batch fails
    let events = 0;
    if (o.endSeq > 0) {
      const reader = readOrdered({
        js: o.bus.js, filterSubject: CLASSIFICATION_SUBJECTS, schema: articleClassified, fromSeq: 1, untilSeq: o.endSeq,
        signal: ac.signal, maxBatch: o.maxBatch, acceptTypes: new Set(["article.classified"]),
      });
      try {
        for await (const batch of coalesceBatches(reader, o.maxBatch)) {
          for (const item of batch) if (!item.ok && !item.skip && item.seq > o.oldPosition) await publishDeadLetter(o.bus.js, o.logger, { ...item, consumer: "projector" });
          projection.applyBatch(batch);
          events += batch.length;
          progress.update(batch.at(-1)!.seq, events);
        }
      } finally {
        ac.abort();
      }
    }
    progress.done(events);
    const summary = verifyReadModel(db, o.endSeq);
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    fsyncFile(gen); // on disk before the swap makes it live
    return { events, ...summary };
  } finally {
    if (db.open) db.close();
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
