/**
 * Runs the projector alone in the foreground (for tests that SIGKILL it and
 * for process managers): config from the environment, NATS at NATS_URL,
 * SIGINT/SIGTERM stop it gracefully. Exit 0 after a clean stop, 1 on error.
 */
import { connectBus } from "@gw/bus";
import { loadConfig } from "@gw/config";
import { createLogger } from "@gw/logging";
import { runProjector } from "./service.ts";

async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger({ name: "projector", level: config.logLevel });
  const bus = await connectBus(config.natsUrl ?? "nats://127.0.0.1:4222", "projector", logger);
  const ac = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => ac.abort());
  try {
    await runProjector({ config, logger, bus, signal: ac.signal });
    return 0;
  } catch (err) {
    logger.error({ err }, (err as Error).message);
    return 1;
  } finally {
    await bus.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`projector: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
