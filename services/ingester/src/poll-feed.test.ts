/**
 * Each real-web failure case through the whole poll path: local HTTP server,
 * real nats-server (JetStream), real SQLite with the real migrations. Every
 * case ends with the feed parsed correctly or marked failing with a readable
 * reason, and the test process alive.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { STREAM, type ArticleDiscovered, type ArticleRevised } from "@gw/events";
import { connectBus, ensureStreams, publishEvents, type Bus, type Publishable } from "@gw/bus";
import { hasNatsServer, startNatsServer, tempDir, type NatsServerHandle } from "@gw/testkit";
import { pollFeed, type PollDeps } from "./poll-feed.ts";
import { createFeedStore, type FeedStore } from "./state/feed-store.ts";
import { openStateDb } from "./state/open-state-db.ts";
import { rssFeed, startFeedServer, staticFeed, type FeedServer } from "./testing/feed-server.ts";

const fixture = (name: string) => readFileSync(new URL(`../testdata/${name}`, import.meta.url));
const lines = (name: string) => readFileSync(new URL(`../testdata/${name}`, import.meta.url), "utf8").trim().split("\n");

describe.skipIf(!hasNatsServer)("pollFeed: real HTTP, NATS and SQLite", () => {
  let nats: NatsServerHandle;
  let bus: Bus;
  let srv: FeedServer;
  let store: FeedStore;
  let dir: { path: string; remove(): void };
  let deps: PollDeps;
  const published: Publishable[] = [];
  let clock = Date.parse("2026-02-17T12:00:00Z");

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await connectBus(nats.url, "ingester-test", pino({ level: "silent" }));
    await ensureStreams(bus.jsm);
    srv = await startFeedServer();
    dir = tempDir("gw-ingester-");
    store = createFeedStore(openStateDb(join(dir.path, "ingester.db")));
    deps = {
      store,
      publish: async (items) => {
        await publishEvents(bus.js, items);
        published.push(...items);
      },
      fetchOptions: { bodyCapBytes: 64 * 1024, connectTimeoutMs: 500, totalTimeoutMs: 800 },
      intervalMs: 300_000,
      maxBackoffMs: 6 * 3600_000,
      jitter: 0,
      logger: pino({ level: "silent" }),
      now: () => clock,
      random: () => 0.5,
    };
  });
  afterAll(async () => {
    store?.close();
    await srv?.close();
    await bus?.close();
    await nats?.stop();
    dir?.remove();
  });

  async function poll(path: string) {
    const url = `${srv.url}${path}`;
    store.addFeed(url, "cli", clock);
    const before = published.length;
    clock += 1000;
    const outcome = await pollFeed(store.getFeed(url)!, deps);
    const events = published.slice(before).map((p) => p.event as ArticleDiscovered | ArticleRevised | { type: "feed.polled"; data: { status: string; error?: string } });
    return { outcome, events, articles: events.filter((e): e is ArticleDiscovered | ArticleRevised => e.type !== "feed.polled"), feed: store.getFeed(outcome.url)! };
  }

  it("publishes a feed once, then only polls conditionally (304, no new events)", async () => {
    srv.routes.set("/etag", staticFeed(rssFeed("Wire", [{ guid: "w1", title: "One" }, { guid: "w2", title: "Two" }]), { etag: '"e1"' }));
    const first = await poll("/etag");
    expect(first.articles.map((e) => [e.type, e.data.title, e.data.source, e.data.lang])).toEqual([
      ["article.discovered", "One", "Wire", "en"],
      ["article.discovered", "Two", "Wire", "en"],
    ]);
    const second = await poll("/etag");
    expect(second.outcome.status).toBe("not-modified");
    expect(second.articles).toEqual([]);
    expect(second.events.map((e) => e.type)).toEqual(["feed.polled"]);
    expect(second.feed).toMatchObject({ lastStatus: "not-modified", consecutiveFailures: 0, itemCount: 2, etag: '"e1"' });
    const info = await bus.jsm.streams.info(STREAM, { subjects_filter: "gw.article.>" } as never);
    expect(info.state.messages).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ["uk-windows-1251.xml", "uk-windows-1251.expected.txt", "uk", undefined],
    ["ru-koi8-r.xml", "ru-koi8-r.expected.txt", "ru", "text/xml; charset=koi8-r"],
  ])("decodes %s exactly", async (file, expected, lang, contentType) => {
    srv.routes.set(`/${file}`, staticFeed(fixture(file), contentType ? { contentType } : {}));
    const { articles } = await poll(`/${file}`);
    const [title, summary] = lines(expected);
    expect(articles[0]!.data).toMatchObject({ title, summary, lang });
  });

  it.each([
    ["/page.html", "html-page.html", "text/html; charset=utf-8", /^not a feed: got an HTML page; the page links to .*\/rss\/top\.xml/],
    ["/lol.xml", "billion-laughs.xml", "application/xml", /entity/],
  ])("marks %s failing with a readable reason", async (path, file, contentType, reason) => {
    srv.routes.set(path, staticFeed(fixture(file), { contentType }));
    const r = await poll(path);
    expect(r.articles).toEqual([]);
    expect(r.feed).toMatchObject({ lastStatus: "error", consecutiveFailures: 1, lastError: expect.stringMatching(reason) });
    expect(r.events).toMatchObject([{ type: "feed.polled", data: { status: "error", error: expect.stringMatching(reason) } }]);
  });

  it("backs off a feed whose body is over the cap, and never disables it", async () => {
    srv.routes.set("/big", staticFeed(Buffer.alloc(200 * 1024, 0x20)));
    const a = await poll("/big");
    const b = await poll("/big");
    expect(b.feed).toMatchObject({ lastStatus: "error", consecutiveFailures: 2, lastError: expect.stringMatching(/cap/) });
    expect(b.outcome.nextPollAt - clock).toBe(600_000);
    expect(a.outcome.nextPollAt - (clock - 1000)).toBe(300_000);
    srv.routes.set("/big", staticFeed(rssFeed("Back", [{ guid: "b1", title: "Recovered" }])));
    const c = await poll("/big");
    expect(c.feed).toMatchObject({ lastStatus: "ok", consecutiveFailures: 0 });
  });

  it("takes Retry-After on 429/503 as the floor of the next poll", async () => {
    srv.routes.set("/slow-down", (_q, s) => void s.writeHead(429, { "retry-after": "7200" }).end());
    const r = await poll("/slow-down");
    expect(r.outcome.nextPollAt - clock).toBe(7_200_000);
    expect(r.feed.lastError).toMatch(/HTTP 429.*Retry-After 7200 s/);
  });

  it("follows a 301 and stores the feed's new URL", async () => {
    srv.routes.set("/moved", (_q, s) => void s.writeHead(301, { location: "/moved-here" }).end());
    srv.routes.set("/moved-here", staticFeed(rssFeed("Moved", [{ guid: "m1", title: "Here" }])));
    const r = await poll("/moved");
    expect(r.outcome.url).toBe(`${srv.url}/moved-here`);
    expect(store.getFeed(`${srv.url}/moved`)).toBeUndefined();
    expect(r.feed).toMatchObject({ url: `${srv.url}/moved-here`, lastStatus: "ok" });
    expect(r.events.at(-1)).toMatchObject({ type: "feed.polled", data: { moved_to: `${srv.url}/moved-here` } });
    expect(store.addFeed(`${srv.url}/moved`, "config", clock)).toBe(false); // the old URL is an alias now
  });

  it("publishes duplicate GUIDs once, and splits a GUID a CMS reused for different links", async () => {
    srv.routes.set("/dups", staticFeed(fixture("duplicate-guids.xml")));
    const { articles } = await poll("/dups");
    expect(articles.map((e) => e.data.title)).toEqual(["Same item twice (1)", "Broken CMS first", "Broken CMS second", "Shared link, own GUID 1", "Shared link, own GUID 2"]);
    expect(new Set(articles.map((e) => e.data.article_id)).size).toBe(5);
  });

  it("publishes the same article once when two feeds carry it with different tracking parameters", async () => {
    const link = "https://outlet.test/2026/02/17/geneva-talks";
    srv.routes.set("/section-a", staticFeed(rssFeed("Outlet: World", [{ title: "Geneva talks resume", link: `${link}?utm_source=rss&utm_medium=world` }])));
    srv.routes.set("/section-b", staticFeed(rssFeed("Outlet: Europe", [{ title: "Geneva talks resume", link: `${link}?fbclid=abc#top` }])));
    const a = await poll("/section-a");
    const b = await poll("/section-b");
    expect(a.articles.map((e) => [e.type, e.data.url])).toEqual([["article.discovered", link]]);
    expect(b.articles).toEqual([]);
  });

  it("identifies items without GUIDs by canonical link, else by content", async () => {
    srv.routes.set("/noguid", staticFeed(fixture("no-guid.xml")));
    const { articles } = await poll("/noguid");
    expect(articles.map((e) => [e.data.title, e.data.url])).toEqual([
      ["Linked", `${srv.url}/story/1`], // relative links resolve against the feed's URL
      ["Bare", ""],
    ]);
    expect((await poll("/noguid")).articles).toEqual([]); // no validators here: a full re-fetch, still nothing new
  });

  it("publishes a title edit as one revision, not a new article", async () => {
    srv.routes.set("/edit", staticFeed(rssFeed("Desk", [{ guid: "e1", title: "Talks in Geneva", link: "https://desk.test/1" }])));
    await poll("/edit");
    srv.routes.set("/edit", staticFeed(rssFeed("Desk", [{ guid: "e1", title: "Talks in Geneva end without deal", link: "https://desk.test/1" }])));
    const edited = await poll("/edit");
    expect(edited.articles.map((e) => [e.type, e.data.title])).toEqual([["article.revised", "Talks in Geneva end without deal"]]);
    expect(edited.articles[0]).toMatchObject({ data: { revision: 1 } });
    expect((await poll("/edit")).articles).toEqual([]);
  });
});
