import { setMaxListeners } from "node:events";
import { setFlagsFromString } from "node:v8";
import { connectBus, ensureStreams, type ServiceRunner } from "@gw/bus";
import type { Config } from "@gw/config";
import { createLogger, type Logger } from "@gw/logging";

export const SERVICE_NAMES = ["ingester", "classifier", "projector", "alerter"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

async function loadRunner(name: ServiceName): Promise<ServiceRunner> {
  switch (name) {
    case "ingester":
      return (await import("@gw/ingester/service")).runIngester;
    case "classifier":
      return (await import("@gw/classifier/service")).runClassifier;
    case "projector":
      return (await import("@gw/projector/service")).runProjector;
    case "alerter":
      return (await import("@gw/alerter/service")).runAlerter;
  }
}

export interface RunOptions {
  config: Config;
  natsUrl: string;
  names: readonly ServiceName[];
  signal: AbortSignal;
  /** Restart a crashed service (in `run all`); a lone service exits so its supervisor restarts it. */
  supervise: boolean;
}

/**
 * Runs services in this process, each with its own NATS connection and logger,
 * until `signal` aborts; then each finishes in-flight work and we close.
 */
export async function runServices(o: RunOptions): Promise<void> {
  // The services keep little live (a micro-batch, publishes in flight, the grouping
  // window: 25–50 MB measured) but allocate fast, and V8's default heap growth let
  // RSS reach 4× the live set between full GCs (ingester 285 → 176 MiB, alerter
  // 245 → 185 MiB at 100k articles with this flag). V8 reads it at each GC.
  setFlagsFromString("--optimize-for-size");
  // One stop signal is shared by every loop of four services (consumers, readers, one
  // worker per alert channel): more than Node's default of 10 listeners is by design.
  setMaxListeners(100, o.signal);
  const root = createLogger({ name: "gw", level: o.config.logLevel });
  const setup = await connectBus(o.natsUrl, "gw-setup", root, o.signal);
  if (!setup) return;
  await ensureStreams(setup.jsm, { replicas: o.config.stream.replicas, pollHistoryDays: o.config.stream.pollHistoryDays });
  await setup.close();
  await Promise.all(o.names.map((name) => runOne(name, o, createLogger({ name, level: o.config.logLevel }))));
}

async function runOne(name: ServiceName, o: RunOptions, logger: Logger): Promise<void> {
  const runner = await loadRunner(name);
  for (let attempt = 0; !o.signal.aborted; attempt++) {
    const bus = await connectBus(o.natsUrl, `gw-${name}`, logger, o.signal);
    if (!bus) return; // stopped while waiting for NATS
    try {
      logger.info("started");
      await runner({ config: o.config, logger, bus, signal: o.signal });
      if (o.signal.aborted) logger.info("stopped");
    } catch (err) {
      if (!o.supervise || o.signal.aborted || isConfigurationError(err)) throw err;
      const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
      logger.error({ err, restartInMs: delay }, "service crashed; restarting");
      await new Promise((r) => setTimeout(r, delay));
    } finally {
      await bus.close();
    }
    if (o.signal.aborted) return;
  }
}

/** A bad file or setting will fail the same way on every restart: stop instead. */
function isConfigurationError(err: unknown): boolean {
  return err instanceof Error && ["ConfigError", "FeedListError", "TaxonomyError"].includes(err.name);
}
