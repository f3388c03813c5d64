import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startNatsServer, tempDir, type NatsServerHandle } from "@gw/testkit";
import { startWebhookReceiver, type WebhookReceiver } from "../../packages/cli/src/webhook-receiver.ts";
import { killOnExit, onExit } from "./cleanup.ts";
import { startFeedWorldServer, type FeedWorldServer } from "./feed-server.ts";
import { FeedWorld, type FeedWorldOptions } from "./feed-world.ts";
import { registerFeeds } from "./ingester-schedule.ts";
import { PipelineProbe } from "./pipeline-probe.ts";
import { writePipelineConfig, type Pipeline, type PipelineOptions } from "./pipeline-setup.ts";
import { ReadModel } from "./read-model.ts";
import { SERVICES, ServiceFleet, type FleetOptions, type ServiceName } from "./service-fleet.ts";

/**
 * Everything one whole-system run needs, started in order and torn down in
 * reverse: a fresh nats-server and store, the feed world and its server, a
 * webhook receiver, the config, the four services as processes, and the
 * probes that watch them (read model, bus).
 */
export interface SystemRun {
  dir: string;
  nats: NatsServerHandle;
  world: FeedWorld;
  server: FeedWorldServer;
  hook: WebhookReceiver;
  pipeline: Pipeline;
  fleet: ServiceFleet;
  probe: PipelineProbe;
  readModel: ReadModel;
  /** Highest VmHWM seen per service over all its processes. */
  peakMiB: Map<ServiceName, number>;
  notePeak(name: ServiceName): void;
  /** Waits until the non-ingester services have their consumers on the stream. */
  waitConsumers(n: number, timeoutMs?: number): Promise<boolean>;
  logTail(name: ServiceName, lines?: number): string;
  close(): Promise<void>;
}

export interface SystemRunOptions {
  world: FeedWorldOptions;
  pipeline: Omit<PipelineOptions, "dir" | "natsUrl" | "feedUrls" | "webhookUrl">;
  hostile?: { hugeBytes: number; slowMs: number };
  onUnexpectedExit?: FleetOptions["onUnexpectedExit"];
}

export async function startSystemRun(o: SystemRunOptions): Promise<SystemRun> {
  const tmp = tempDir("gw-system-");
  const keep = Boolean(process.env.GW_BENCH_KEEP);
  // Registered first, so it runs last at exit: after the processes writing into it are dead.
  const unDir = onExit(() => (keep ? undefined : tmp.remove()));
  const nats = await startNatsServer({ storeDir: join(tmp.path, "nats") });
  // nats.stop() would delete a store we passed in only if it were its own temp dir; ours goes with tmp.
  const unNats = killOnExit(() => nats.process);
  const world = new FeedWorld(o.world);
  const server = await startFeedWorldServer(world, o.hostile);
  const hook = await startWebhookReceiver();
  const pipeline = writePipelineConfig({ ...o.pipeline, dir: tmp.path, natsUrl: nats.url, feedUrls: server.urls, webhookUrl: hook.url });
  registerFeeds(pipeline.stateDb, server.urls);
  const fleet = new ServiceFleet({ env: pipeline.env, logDir: tmp.path, ...(o.onUnexpectedExit ? { onUnexpectedExit: o.onUnexpectedExit } : {}) });
  const probe = await PipelineProbe.connect(nats.url);
  const readModel = new ReadModel(pipeline.db);
  const peakMiB = new Map<ServiceName, number>();
  const run: SystemRun = {
    dir: tmp.path,
    nats,
    world,
    server,
    hook,
    pipeline,
    fleet,
    probe,
    readModel,
    peakMiB,
    notePeak(name) {
      const m = fleet.memory(name);
      if (m && Number.isFinite(m.peakMiB)) peakMiB.set(name, Math.max(peakMiB.get(name) ?? 0, m.peakMiB));
    },
    async waitConsumers(n, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if ((await probe.consumerCount()) >= n) return true;
        await sleep(100);
      }
      return false;
    },
    logTail(name, lines = 20) {
      try {
        return readFileSync(join(tmp.path, `${name}.log`), "utf8").trimEnd().split("\n").slice(-lines).join("\n");
      } catch {
        return "(no log)";
      }
    },
    async close() {
      for (const s of SERVICES) run.notePeak(s);
      await fleet.stopAll();
      readModel.close();
      await probe.close().catch(() => undefined);
      await Promise.all([server.close(), hook.close()]);
      await nats.stop();
      unNats();
      unDir();
      if (keep) process.stderr.write(`kept ${tmp.path} (GW_BENCH_KEEP)\n`);
      else tmp.remove();
    },
  };
  return run;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` every `everyMs` until it returns true; returns the time it did, or undefined on timeout. */
export async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 25): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return Date.now();
    await sleep(everyMs);
  }
  return undefined;
}
