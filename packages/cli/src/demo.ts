/**
 * `pnpm demo`: the whole pipeline offline. Serves the sample feeds in
 * packages/cli/demo/feeds from a local HTTP server, starts a private
 * nats-server on a free port with a temp store, runs the four services, and
 * exits 0 once every sample item is projected and every development alerted.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { loadConfig } from "@gw/config";
import { freePort } from "@gw/testkit";
import { createLogger } from "@gw/logging";
import { startLocalNats } from "./local-nats.ts";
import { runServices, SERVICE_NAMES } from "./run-services.ts";
import { countFeedItems, startStaticFeedServer } from "./static-feed-server.ts";
import { startWebhookReceiver } from "./webhook-receiver.ts";

const FEEDS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "demo", "feeds");
const TIMEOUT_MS = Number(process.env.GW_DEMO_TIMEOUT_MS ?? 90_000);

function readProgress(dbPath: string): { articles: number; developments: number } {
  try {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      const articles = (db.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n;
      const developments = (db.prepare("SELECT count(*) AS n FROM latest_developments").get() as { n: number }).n;
      return { articles, developments };
    } finally {
      db.close();
    }
  } catch {
    return { articles: 0, developments: 0 }; // not migrated yet
  }
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), "gw-demo-"));
  const feeds = await startStaticFeedServer(FEEDS_DIR);
  const hook = await startWebhookReceiver();
  const expected = countFeedItems(FEEDS_DIR);
  writeFileSync(join(work, "feeds.txt"), `# geneva-watch demo feeds\n${feeds.urls.join("\n")}\n`);
  writeFileSync(join(work, "config.json"), JSON.stringify({ dataDir: work, projector: { httpPort: -1 } }));
  Object.assign(process.env, {
    GW_CONFIG: join(work, "config.json"),
    GW_DB: join(work, "geneva-watch.db"),
    GW_FEEDS: join(work, "feeds.txt"),
    GW_POLL_INTERVAL: "1",
    GW_ALERT_WEBHOOK: hook.url,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  });
  delete process.env.NATS_URL;
  const config = loadConfig();
  const logger = createLogger({ name: "demo", level: config.logLevel });
  const nats = await startLocalNats(work, logger, await freePort());
  const ac = new AbortController();
  process.once("SIGINT", () => ac.abort());
  process.stdout.write(`geneva-watch demo: ${feeds.urls.length} sample feeds, ${expected} items, served at ${feeds.url}\n`);
  process.stdout.write(`alerts (console channel):\n`);
  const running = runServices({ config, natsUrl: nats.url, names: SERVICE_NAMES, signal: ac.signal, supervise: true });
  running.catch(() => ac.abort());
  const started = Date.now();
  let ok = false;
  while (!ac.signal.aborted && Date.now() - started < TIMEOUT_MS) {
    const p = readProgress(config.db);
    const alerted = new Set(hook.calls.map((c) => c.body.development_id)).size;
    if (p.articles >= expected && p.developments > 0 && alerted >= p.developments) {
      ok = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const p = readProgress(config.db);
  ac.abort();
  await running.catch((err: unknown) => logger.error({ err }, "a service failed"));
  await nats.stop();
  await feeds.close();
  await hook.close();
  process.stdout.write(`\nlatest developments (${p.developments}), from ${p.articles} projected articles:\n`);
  const { latestCommand } = await import("@gw/projector/latest-cli");
  await latestCommand([]);
  process.stdout.write(`\nwebhook received ${hook.calls.length} alert(s) for ${p.developments} development(s)\n`);
  rmSync(work, { recursive: true, force: true });
  if (!ok) {
    process.stderr.write(`demo: timed out after ${TIMEOUT_MS / 1000}s: ${p.articles}/${expected} items projected\n`);
    return 1;
  }
  process.stdout.write(`demo: done in ${((Date.now() - started) / 1000).toFixed(1)}s: all ${expected} items projected\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo: ${(err as Error)?.message ?? String(err)}\n`);
    process.exit(1);
  },
);
