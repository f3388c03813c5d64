/**
 * The whole pipeline on real components: a real nats-server, a local feed
 * server with the sample feeds, a local webhook receiver, the four services,
 * SQLite with the real migrations.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEAD_LETTER_STREAM, SUBJECTS, articleDiscoveredEvent } from "@gw/events";
import { connectBus, publishEvent, type Bus } from "@gw/bus";
import { loadConfig } from "@gw/config";
import { createLogger } from "@gw/logging";
import { hasNatsServer, startNatsServer, tempDir, waitFor, type NatsServerHandle } from "@gw/testkit";
import { SERVICE_NAMES, runServices } from "../../packages/cli/src/run-services.ts";
import { countFeedItems, startStaticFeedServer, type FeedServer } from "../../packages/cli/src/static-feed-server.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../../packages/cli/src/webhook-receiver.ts";

const FEEDS = join(dirname(fileURLToPath(import.meta.url)), "../../packages/cli/demo/feeds");

describe.skipIf(!hasNatsServer)("pipeline end to end", () => {
  let nats: NatsServerHandle;
  let feeds: FeedServer;
  let hook: WebhookReceiver;
  let bus: Bus;
  const dir = tempDir("gw-e2e-");
  const ac = new AbortController();
  let running: Promise<void>;
  let dbPath: string;
  const expected = countFeedItems(FEEDS);

  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const count = (table: string) => {
    try {
      return query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)[0]!.n;
    } catch {
      return 0;
    }
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    feeds = await startStaticFeedServer(FEEDS);
    hook = await startWebhookReceiver();
    writeFileSync(join(dir.path, "feeds.txt"), feeds.urls.join("\n"));
    writeFileSync(join(dir.path, "config.json"), JSON.stringify({ dataDir: dir.path, projector: { httpPort: -1 }, alerter: { console: false } }));
    const config = loadConfig(
      {
        NATS_URL: nats.url,
        GW_CONFIG: join(dir.path, "config.json"),
        GW_DB: join(dir.path, "gw.db"),
        GW_FEEDS: join(dir.path, "feeds.txt"),
        GW_POLL_INTERVAL: "1",
        GW_ALERT_WEBHOOK: hook.url,
        LOG_LEVEL: process.env.TEST_LOG ?? "silent",
      },
      dir.path,
    );
    dbPath = config.db;
    running = runServices({ config, natsUrl: nats.url, names: SERVICE_NAMES, signal: ac.signal, supervise: false });
    running.catch(() => undefined);
    bus = await connectBus(nats.url, "e2e-test", createLogger({ name: "e2e", level: "silent" }));
  });

  afterAll(async () => {
    ac.abort();
    await running?.catch(() => undefined);
    await bus?.close();
    await Promise.all([feeds?.close(), hook?.close(), nats?.stop()]);
    dir.remove();
  });

  it("projects every sample item once and alerts once per development", async () => {
    await waitFor(() => count("articles") >= expected && count("latest_developments") > 0, { timeoutMs: 45_000, what: "all items projected" });
    const devs = query<{ development_id: string; headline: string; topics: string; article_count: number; source_count: number }>(
      "SELECT * FROM latest_developments",
    );
    await waitFor(() => new Set(hook.calls.map((c) => c.body.development_id)).size >= devs.length, { timeoutMs: 20_000, what: "one alert per development" });
    // One row per distinct article (that polls do not re-publish is shown by the ingester's restart test).
    expect(count("articles")).toBe(expected);
    const perDev = new Map<string, number>();
    for (const c of hook.calls) perDev.set(String(c.body.development_id), (perDev.get(String(c.body.development_id)) ?? 0) + 1);
    expect([...perDev.values()].every((n) => n === 1)).toBe(true);
    expect(perDev.size).toBe(devs.length);
    for (const c of hook.calls) {
      expect(c.body).toMatchObject({ type: "development.opened", headline: expect.any(String), url: expect.any(String), source: expect.any(String), text: expect.any(String) });
      expect(Array.isArray(c.body.topics)).toBe(true);
      expect(Date.parse(String(c.body.first_seen_at))).not.toBeNaN();
      expect(c.idempotencyKey).toMatch(new RegExp(`^${String(c.body.development_id)}:webhook`));
    }
    // Unrelated news and the hard cases are stored but open no development.
    const unrelated = query<{ relevant: number; development_id: string | null }>(
      "SELECT relevant, development_id FROM articles WHERE title LIKE 'Oil prices%' OR title LIKE 'Shakhtar%' OR title LIKE 'US and Iran%'",
    );
    expect(unrelated).toHaveLength(3);
    expect(unrelated.every((a) => a.relevant === 0 && a.development_id === null)).toBe(true);
    // The wire story and its rewrite in another outlet are one development.
    const opening = query<{ development_id: string }>("SELECT development_id FROM articles WHERE title LIKE '%delegations open Geneva round%'");
    expect(opening).toHaveLength(2);
    expect(opening[0]!.development_id).toBeTruthy();
    expect(opening[0]!.development_id).toBe(opening[1]!.development_id);
    // The windows-1251 feed decoded to Cyrillic text, not mojibake.
    expect(query("SELECT title FROM articles WHERE title LIKE 'Мединский%'")).toHaveLength(1);
  });

  it("dead-letters an event that fails its schema and keeps going", async () => {
    await bus.js.publish(SUBJECTS.articleDiscovered, new TextEncoder().encode(JSON.stringify({ id: "x", type: "article.discovered", version: 1, time: "now", data: { title: 42 } })));
    const good = articleDiscoveredEvent(
      {
        article_id: "e2e-late-article",
        feed_url: "http://e2e.invalid/feed",
        source: "E2E Wire",
        url: "http://e2e.invalid/late",
        title: "Kremlin says Geneva peace talks with Ukraine will resume next week",
        summary: "Dmitry Peskov said the Russian delegation led by Vladimir Medinsky would return to Geneva for a new round of US-mediated negotiations.",
        published_at: new Date().toISOString(),
        discovered_at: new Date().toISOString(),
        content_hash: "e2e",
      },
      new Date().toISOString(),
    );
    await publishEvent(bus.js, SUBJECTS.articleDiscovered, good);
    await waitFor(() => query("SELECT 1 FROM articles WHERE article_id = 'e2e-late-article'").length === 1, { what: "the valid event after the bad one" });
    const dead = await bus.jsm.streams.getMessage(DEAD_LETTER_STREAM, { last_by_subj: `gw-dlq.${SUBJECTS.articleDiscovered}` });
    expect(dead.header.get("Gw-Reason")).toMatch(/schema: .*(time|title)/);
  });
});
