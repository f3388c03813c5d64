/**
 * `gw reclassify [--force]`: after a taxonomy change (new version), re-runs
 * classification over the articles already in the event log and publishes new
 * classification events (replay: true). Needs NATS: NATS_URL, else the local
 * server `pnpm start` runs on nats://127.0.0.1:4222.
 */
import { connectBus, ensureStreams } from "@gw/bus";
import { loadConfig } from "@gw/config";
import { createLogger } from "@gw/logging";
import { loadTaxonomy, taxonomyPath } from "./load-taxonomy.ts";
import { reclassify } from "./reclassify.ts";

const USAGE = "usage: gw reclassify [--force]   re-run classification over the event log with the current taxonomy\n";

export async function reclassifyCommand(args: string[]): Promise<number> {
  const force = args.includes("--force");
  const unknown = args.find((a) => a !== "--force");
  if (unknown === "--help" || unknown === "-h") return void process.stdout.write(USAGE), 0;
  if (unknown) return void process.stderr.write(`gw reclassify: unknown argument ${unknown}\n${USAGE}`), 2;
  let config, tax;
  try {
    config = loadConfig();
    tax = loadTaxonomy(taxonomyPath(config));
  } catch (err) {
    process.stderr.write(`gw reclassify: ${(err as Error).message}\n`);
    return 2;
  }
  const logger = createLogger({ name: "reclassify", level: config.logLevel });
  const url = config.natsUrl ?? "nats://127.0.0.1:4222";
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let bus;
  try {
    bus = await connectBus(url, "gw-reclassify", logger);
    await ensureStreams(bus.jsm, { replicas: config.stream.replicas, pollHistoryDays: config.stream.pollHistoryDays });
    const r = await reclassify({
      bus,
      tax,
      logger,
      signal: ac.signal,
      force,
      onProgress: (p) => process.stderr.write(`\r${p.phase}: ${p.done}${p.total ? `/${p.total}` : ""}   `),
    });
    process.stderr.write("\n");
    process.stdout.write(
      `taxonomy ${tax.version}: ${r.articles} articles, ${r.skipped} already classified with it, ` +
        `${r.published} classification events published (${r.relevant} relevant, ${r.duplicates} duplicates dropped)\n`,
    );
    return ac.signal.aborted ? 130 : 0;
  } catch (err) {
    process.stderr.write(`gw reclassify: ${(err as Error).message}\n`);
    return 1;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await bus?.close();
  }
}
