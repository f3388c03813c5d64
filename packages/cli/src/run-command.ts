import { parseArgs } from "node:util";
import { loadConfig, type Config } from "@gw/config";
import { createLogger } from "@gw/logging";
import { startLocalNats, type LocalNats } from "./local-nats.ts";
import { SERVICE_NAMES, runServices, type ServiceName } from "./run-services.ts";

/**
 * `gw run [all|<service>]`. With NATS_URL unset, `run all --local-nats` (what
 * `pnpm start` runs) starts nats-server as a child with its store under data/;
 * a lone service connects to nats://127.0.0.1:4222. SIGINT/SIGTERM stop
 * everything gracefully (a second one forces the exit).
 */
export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "local-nats": { type: "boolean" } } });
  const which = positionals[0] ?? "all";
  if (which !== "all" && !SERVICE_NAMES.includes(which as ServiceName)) {
    process.stderr.write(`gw run: unknown service "${which}" (one of: all, ${SERVICE_NAMES.join(", ")})\n`);
    return 2;
  }
  const config = loadConfig();
  const names = which === "all" ? SERVICE_NAMES : [which as ServiceName];
  await checkInputs(config, names);
  const logger = createLogger({ name: "gw", level: config.logLevel });
  const ac = new AbortController();
  let signals = 0;
  const onSignal = (sig: string) => {
    if (++signals > 1) {
      logger.warn("second signal: exiting now");
      process.exit(130);
    }
    logger.info({ signal: sig }, "stopping gracefully");
    ac.abort();
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));

  let local: LocalNats | undefined;
  if (!config.natsUrl && values["local-nats"]) local = await startLocalNats(config.dataDir, logger, config.localNatsPort, config.natsServerBin);
  const natsUrl = config.natsUrl ?? local?.url ?? `nats://127.0.0.1:${config.localNatsPort}`;
  try {
    await runServices({
      config,
      natsUrl,
      names,
      signal: ac.signal,
      supervise: which === "all",
    });
  } finally {
    await local?.stop();
  }
  logger.info("all stopped");
  // A connection attempt to an unreachable NATS keeps its retry timers alive after
  // a stop; do not let it hold the process past the graceful shutdown.
  setTimeout(() => process.exit(0), 1000).unref();
  return 0;
}

/**
 * The files a service reads at start (feed list, taxonomy) are checked before
 * anything connects, so a mistake is one clear message at start, not a service
 * that `run all` keeps restarting.
 */
async function checkInputs(config: Config, names: readonly ServiceName[]): Promise<void> {
  if (names.includes("ingester")) (await import("@gw/ingester/read-feed-list")).readFeedList(config.feeds);
  if (names.includes("classifier")) {
    const { loadTaxonomy, taxonomyPath } = await import("@gw/classifier/load-taxonomy");
    loadTaxonomy(taxonomyPath(config));
  }
}
