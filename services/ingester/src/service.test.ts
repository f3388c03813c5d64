/**
 * The ingester as `gw run ingester` runs it, on a real nats-server: restarted
 * against unchanged feeds it publishes zero new article events and sends only
 * conditional requests; a feed that hangs never holds up the others.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { POLL_STREAM, STREAM, SUBJECTS } from "@gw/events";
import { loadConfig } from "@gw/config";
import { connectBus, type Bus } from "@gw/bus";
import { hasNatsServer, startNatsServer, tempDir, waitFor, type NatsServerHandle } from "@gw/testkit";
import { runIngester } from "./service.ts";
import { rssFeed, startFeedServer, staticFeed, type FeedServer } from "./testing/feed-server.ts";

const FEEDS = 6;

describe.skipIf(!hasNatsServer)("runIngester on a real nats-server", () => {
  let nats: NatsServerHandle;
  let bus: Bus;
  let srv: FeedServer;
  let dir: { path: string; remove(): void };
  const logger = pino({ level: process.env.TEST_LOG ?? "silent" });

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await connectBus(nats.url, "ingester-service-test", logger);
    srv = await startFeedServer();
    dir = tempDir("gw-ingester-svc-");
    for (let f = 0; f < FEEDS; f++) {
      const items = Array.from({ length: 5 }, (_, i) => ({ guid: `f${f}-i${i}`, title: `Feed ${f} item ${i}`, link: `https://news.test/${f}/${i}` }));
      srv.routes.set(`/feed${f}`, staticFeed(rssFeed(`Outlet ${f}`, items), { etag: `"f${f}"` }));
    }
    srv.routes.set("/hang", () => {}); // never answers
    const urls = [...Array.from({ length: FEEDS }, (_, f) => `${srv.url}/feed${f}`), `${srv.url}/hang`];
    writeFileSync(join(dir.path, "feeds.txt"), `# test feeds\n${urls.join("\n")}\n`);
    writeFileSync(join(dir.path, "gw.json"), JSON.stringify({ ingester: { concurrency: 2, totalTimeoutMs: 3000, connectTimeoutMs: 3000, jitter: 0.1 } }));
  });
  afterAll(async () => {
    await srv?.close();
    await bus?.close();
    await nats?.stop();
    dir?.remove();
  });

  const articleCount = async () => {
    try {
      const info = await bus.jsm.streams.info(STREAM, { subjects_filter: "gw.article.>" });
      return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
    } catch {
      return 0;
    }
  };
  const polls = (path: string, from = 0) => srv.requests.slice(from).filter((r) => r.path === path);

  async function runFor(until: () => Promise<boolean> | boolean) {
    const config = loadConfig(
      { GW_CONFIG: join(dir.path, "gw.json"), GW_DB: join(dir.path, "geneva-watch.db"), GW_FEEDS: join(dir.path, "feeds.txt"), GW_POLL_INTERVAL: "1", NATS_URL: nats.url },
      dir.path,
    );
    const ac = new AbortController();
    const running = runIngester({ config, logger, bus, signal: ac.signal });
    try {
      await waitFor(until, { timeoutMs: 30_000, intervalMs: 100, what: "ingester progress" });
    } finally {
      ac.abort();
      await running;
    }
  }

  it("publishes every article once, then after a restart only polls conditionally and publishes none", async () => {
    await runFor(async () => (await articleCount()) >= FEEDS * 5 && Array.from({ length: FEEDS }, (_, f) => polls(`/feed${f}`).length >= 2).every(Boolean));
    // While /hang held one of the two slots, every other feed kept being polled.
    expect(polls("/hang").length).toBeGreaterThanOrEqual(1);
    const published = await articleCount();
    expect(published).toBe(FEEDS * 5);

    // A core subscription sees every publish, even ones the stream would drop as duplicates.
    let republished = 0;
    const sub = bus.nc.subscribe("gw.article.>", { callback: () => void republished++ });
    const mark = srv.requests.length;
    await runFor(() => Array.from({ length: FEEDS }, (_, f) => polls(`/feed${f}`, mark).length >= 2).every(Boolean));
    await bus.nc.flush();
    sub.unsubscribe();
    expect(republished).toBe(0);
    expect(await articleCount()).toBe(published);
    const second = srv.requests.slice(mark).filter((r) => r.path.startsWith("/feed"));
    expect(second.length).toBeGreaterThanOrEqual(FEEDS * 2);
    expect(second.every((r) => typeof r.headers["if-none-match"] === "string")).toBe(true);
    const polled = await bus.jsm.streams.info(POLL_STREAM, { subjects_filter: SUBJECTS.feedPolled });
    expect(Object.values(polled.state.subjects ?? {})[0]).toBeGreaterThanOrEqual(FEEDS * 4);
  });
});
