import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureStreams, lastSequence, publishDeadLetter, readOrdered, type Bus, type ServiceRunner } from "@gw/bus";
import { articleClassified, CLASSIFICATION_SUBJECTS, STREAM, SUBJECTS } from "@gw/events";
import type { Logger } from "pino";
import { coalesceBatches } from "./coalesce-batches.ts";
import { createApi, listenApi, type ApiServer } from "./http-api.ts";
import { openReadModel, openReadModelReadonly, type Db } from "./open-read-model.ts";
import { createOutboxRelay, type OutboxRelay } from "./outbox-relay.ts";
import { ProjectorMetrics } from "./projector-metrics.ts";
import { createProjection, type Projection } from "./projection.ts";
import { readModelStatus } from "./queries.ts";
import { acquireWriterLock } from "./writer-lock.ts";

const ACCEPT = new Set(["article.classified"]);

/**
 * The projector: classification events → read model, exactly once.
 * Reads the stream in order from the stored position + 1 (an ordered
 * consumer: no server-side acks to lose or redeliver out of order), applies
 * each micro-batch in one transaction with the new position, then relays the
 * outbox. Any failure: log, back off, resume from the stored position.
 * Refuses to start while another projector or a `gw rebuild` holds the file.
 */
export const runProjector: ServiceRunner = async (ctx) => {
  const { config, logger, bus, signal } = ctx;
  const dbPath = resolve(config.db);
  const lock = acquireWriterLock(dbPath, "projector");
  let db: Db | undefined;
  let readDb: Db | undefined;
  let api: ApiServer | undefined;
  let relay: OutboxRelay | undefined;
  const timers: NodeJS.Timeout[] = [];
  try {
    db = openReadModel(dbPath);
    const projection = createProjection(db, { windowHours: config.projector.windowHours });
    const metrics = new ProjectorMetrics();
    relay = createOutboxRelay(db, bus.js, logger);
    const outbox = relay;
    await ensureStreams(bus.jsm, { replicas: config.stream.replicas, pollHistoryDays: config.stream.pollHistoryDays });
    Object.assign(metrics, { position: projection.position().seq, lastEventTime: projection.position().lastEventTime });
    const refreshLag = async () => {
      metrics.streamLastSeq = await lastSequence(bus.jsm, STREAM, SUBJECTS.articleClassified).catch(() => metrics.streamLastSeq);
    };
    const ro = () => (readDb ??= openReadModelReadonly(dbPath));
    if (config.projector.httpPort !== -1) {
      const server = createApi({
        db: ro,
        metrics: () => metrics.render({ outboxPending: readModelStatus(ro()).outbox_pending }),
        health: async () => {
          await refreshLag();
          return { status: "ok", ...readModelStatus(ro()), stream_last_seq: metrics.streamLastSeq, lag: metrics.lag };
        },
        now: ctx.now,
      });
      api = await listenApi(server, config.projector.httpHost, config.projector.httpPort);
      logger.info({ host: config.projector.httpHost, port: api.port }, `projector API on http://${config.projector.httpHost}:${api.port}`);
    }
    timers.push(setInterval(() => outbox.kick(), config.projector.relayIntervalMs));
    timers.push(setInterval(() => void refreshLag(), 5000));
    relay.kick(); // whatever a previous run committed but did not relay
    await projectLoop({ bus, logger, signal, projection, relay, metrics, maxBatch: config.projector.batchSize });
  } finally {
    for (const t of timers) clearInterval(t);
    await relay?.flush(); // relays what the last batch committed; failures stay pending for the next start
    await api?.close();
    readDb?.close();
    db?.close();
    lock.release();
  }
};

interface LoopDeps {
  bus: Bus;
  logger: Logger;
  signal: AbortSignal;
  projection: Projection;
  relay: OutboxRelay;
  metrics: ProjectorMetrics;
  maxBatch: number;
}

async function projectLoop(d: LoopDeps): Promise<void> {
  let backoff = 250;
  while (!d.signal.aborted) {
    // One reader per attempt, stopped when the attempt ends (error or shutdown).
    const attempt = new AbortController();
    const stop = () => attempt.abort();
    d.signal.addEventListener("abort", stop, { once: true });
    try {
      const fromSeq = d.projection.position().seq + 1;
      d.logger.info({ fromSeq }, "projecting from the stored position");
      const reader = readOrdered({ js: d.bus.js, filterSubject: CLASSIFICATION_SUBJECTS, schema: articleClassified, acceptTypes: ACCEPT, fromSeq, signal: attempt.signal, maxBatch: d.maxBatch });
      for await (const batch of coalesceBatches(reader, d.maxBatch)) {
        const started = performance.now();
        const position = d.projection.position().seq;
        for (const item of batch) if (!item.ok && !item.skip && item.seq > position) await publishDeadLetter(d.bus.js, d.logger, { ...item, consumer: "projector" });
        const r = d.projection.applyBatch(batch);
        d.metrics.observeBatch((performance.now() - started) / 1000);
        d.metrics.eventsProjected += r.applied;
        d.metrics.eventsSetAside += r.setAside;
        d.metrics.position = r.position;
        d.metrics.streamLastSeq = Math.max(d.metrics.streamLastSeq, r.position);
        d.metrics.lastEventTime = d.projection.position().lastEventTime;
        d.metrics.outboxRelayed = d.relay.relayed;
        if (r.outboxAdded > 0) d.relay.kick();
        backoff = 250;
      }
    } catch (err) {
      if (d.signal.aborted) break;
      d.logger.error({ err, retryInMs: backoff }, "projection failed; resuming from the stored position");
      await sleep(backoff, undefined, { signal: d.signal }).catch(() => undefined);
      backoff = Math.min(backoff * 2, 10_000);
    } finally {
      d.signal.removeEventListener("abort", stop);
      attempt.abort();
    }
  }
}
