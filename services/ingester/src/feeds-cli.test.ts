import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempDir } from "@gw/testkit";
import { feedsCommand } from "./feeds-cli.ts";
import { rssFeed, startFeedServer, staticFeed, type FeedServer } from "./testing/feed-server.ts";

async function run(...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    return { code: await feedsCommand(args), stdout };
  } finally {
    spy.mockRestore();
  }
}

describe("gw feeds (state db only, no NATS)", () => {
  let dir: { path: string; remove(): void };
  let srv: FeedServer;
  const saved = { ...process.env };
  beforeAll(async () => {
    dir = tempDir("gw-feeds-cli-");
    process.env.GW_DB = join(dir.path, "geneva-watch.db");
    delete process.env.GW_CONFIG;
    srv = await startFeedServer();
    srv.routes.set("/rss", staticFeed(rssFeed("Local", [{ guid: "1", title: "x" }])));
    srv.routes.set("/page", staticFeed(`<!doctype html><html><head><link rel="alternate" type="application/atom+xml" href="/rss"></head></html>`, { contentType: "text/html" }));
    srv.routes.set("/plain", staticFeed("<!doctype html><html><body>no feeds</body></html>", { contentType: "text/html" }));
  });
  afterAll(async () => {
    process.env = saved;
    await srv.close();
    dir.remove();
  });

  it("imports OPML, lists health as a table and JSON, exports OPML", async () => {
    const opml = join(dir.path, "in.opml");
    writeFileSync(opml, `<opml version="2.0"><body><outline text="Wire &amp; Co" xmlUrl="https://wire.test/rss"/><outline text="B" xmlUrl="https://b.test/atom"/></body></opml>`);
    expect(await run("import", opml)).toMatchObject({ code: 0, stdout: expect.stringContaining("2 new feed(s)") });
    expect((await run("import", opml)).stdout).toContain("0 new feed(s), 2 already known");
    const table = (await run("list")).stdout;
    expect(table.split("\n")[0]).toMatch(/^URL\s+TITLE\s+LAST STATUS\s+LAST SUCCESS\s+FAILS\s+NEXT POLL\s+ITEMS$/);
    expect(table).toContain("https://wire.test/rss");
    const json = JSON.parse((await run("list", "--json")).stdout) as Array<Record<string, unknown>>;
    expect(json.find((f) => f.url === "https://wire.test/rss")).toMatchObject({ title: "Wire & Co", consecutive_failures: 0, last_status: null, item_count: 0 });
    expect((await run("export")).stdout).toContain('xmlUrl="https://wire.test/rss"');
  });

  it("adds a feed by its URL or by a page that links to it", async () => {
    expect((await run("add", `${srv.url}/page`)).stdout).toBe(`added ${srv.url}/rss\n`);
    expect((await run("add", `${srv.url}/rss`)).stdout).toBe(`already known: ${srv.url}/rss\n`);
    expect((await run("add", `${srv.url}/plain`)).code).toBe(1);
    expect((await run("bogus")).code).toBe(2);
  });

  it("lists the feeds of GW_FEEDS before the ingester ever ran", async () => {
    const list = join(dir.path, "feeds.txt");
    writeFileSync(list, "# mine\nhttps://configured.test/rss\n");
    process.env.GW_FEEDS = list;
    process.env.GW_DB = join(dir.path, "fresh", "geneva-watch.db");
    const table = (await run("list")).stdout;
    expect(table).toContain("https://configured.test/rss");
    expect(table).toContain("never polled");
  });
});
