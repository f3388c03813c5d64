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
import { resolve } from "node:path";
import { connectBus, type Bus } from "@gw/bus";
import { loadConfig } from "@gw/config";
import { createLogger } from "@gw/logging";
import { rebuildReadModel } from "./rebuild-read-model.ts";
import { WriterLockedError } from "./writer-lock.ts";

export async function rebuildCommand(args: string[], opts: { err?: NodeJS.WritableStream } = {}): Promise<number> {
  const err = opts.err ?? process.stderr;
  if (args.includes("--help") || args.includes("-h")) {
    err.write("usage: gw rebuild   (stop the projector first; needs NATS at NATS_URL)\n");
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger({ name: "rebuild", level: config.logLevel });
  let bus: Bus | undefined;
  try {
    bus = await connectBus(config.natsUrl ?? "nats://127.0.0.1:4222", "rebuild", logger);
    const r = await rebuildReadModel({
      dbPath: resolve(config.db), bus, logger, err,
      windowHours: config.projector.windowHours, batchSize: config.projector.batchSize, replicas: config.stream.replicas,
    });
    err.write(`gw rebuild: ${r.events} events → ${r.articles} articles, ${r.developments} developments; swapped in ${r.generation} (${r.relayed} new development events relayed)\n`);
    return 0;
  } catch (e) {
    const locked = e instanceof WriterLockedError;
    err.write(`${locked ? "" : "\n"}gw rebuild: ${locked ? "" : "failed (a rebuild that fails before its swap leaves the live file as it was): "}${(e as Error).message}\n`);
    return 1;
  } finally {
    await bus?.close();
  }
}
