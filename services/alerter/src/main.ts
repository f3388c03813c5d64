/**
 * Runs the alerter alone: `tsx services/alerter/src/main.ts` (the crash tests
 * start it as a child process; `gw run alerter` is the usual way).
 */
import { connectBus, ensureStreams } from "@gw/bus";
import { ConfigError, loadConfig, type Config } from "@gw/config";
import { createLogger } from "@gw/logging";
import { runAlerter } from "./service.ts";

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
const logger = createLogger({ name: "alerter", level: config.logLevel });
if (!config.natsUrl) {
  logger.fatal("NATS_URL is not set (use `pnpm gw run alerter` to start a local server)");
  process.exit(2);
}
const ac = new AbortController();
for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => ac.abort());
const bus = await connectBus(config.natsUrl, "gw-alerter", logger);
await ensureStreams(bus.jsm, { replicas: config.stream.replicas, pollHistoryDays: config.stream.pollHistoryDays });
try {
  await runAlerter({ config, logger, bus, signal: ac.signal });
} finally {
  await bus.close();
}
