/**
 * The generated feed world is the oracle of the chaos run and the input of
 * the benchmarks: it must be deterministic, parse as RSS, mix talks coverage
 * with other news, and keep hostile feeds out of the expected items.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { FeedWorld, renderRss } from "../../bench/lib/feed-world.ts";
import { generateItem } from "../../bench/lib/generate-item.ts";
import { encodeCp1251 } from "../../bench/lib/hostile-feed.ts";

const requireFromIngester = createRequire(new URL("../../services/ingester/package.json", import.meta.url));
const Parser = requireFromIngester("rss-parser") as new () => { parseString(xml: string): Promise<{ items: Array<{ title?: string; guid?: string }> }> };

describe("feed world", () => {
  it("generates the same item for the same seed, feed and position", () => {
    expect(generateItem(3, 10, 4, 100)).toEqual(generateItem(3, 10, 4, 100));
    expect(generateItem(3, 10, 4, 100)).not.toEqual(generateItem(4, 10, 4, 100));
  });

  it("mixes talks coverage (about a third) with war news, hard cases and other news", () => {
    const items = new FeedWorld({ feeds: 40, items: 50 }).expectedItems();
    const share = (k: string) => items.filter((i) => i.kind === k).length / items.length;
    expect(share("talks")).toBeGreaterThan(0.28);
    expect(share("talks")).toBeLessThan(0.42);
    for (const k of ["war", "hard", "other"]) expect(share(k)).toBeGreaterThan(0.05);
    expect(new Set(items.map((i) => i.guid)).size).toBe(items.length);
  });

  it("renders RSS that rss-parser reads back item for item, newest first", async () => {
    const world = new FeedWorld({ feeds: 10, items: 5 });
    world.advance(3, 2);
    const feed = await new Parser().parseString(renderRss(world, 3, "http://127.0.0.1:1"));
    expect(feed.items).toHaveLength(7);
    expect(feed.items[0]!.guid).toBe(world.feeds[3]!.items[6]!.guid);
    expect(feed.items[0]!.title).toBe(world.feeds[3]!.items[6]!.title);
  });

  it("keeps hostile feeds out of the oracle", () => {
    const world = new FeedWorld({ feeds: 100, items: 3, hostileShare: 0.1 });
    const hostile = world.feeds.filter((f) => f.hostile).length;
    expect(hostile).toBe(10);
    expect(world.expectedItems()).toHaveLength((100 - hostile) * 3);
    expect(world.normalFeeds()).toHaveLength(100 - hostile);
  });

  it("records when each item first went out", () => {
    const world = new FeedWorld({ feeds: 1, items: 2 });
    world.markServed(0, 1000);
    world.advance(0, 1);
    world.markServed(0, 2000);
    expect(world.feeds[0]!.firstServedAt).toEqual([1000, 1000, 2000]);
  });

  it("encodes Cyrillic as windows-1251", () => {
    expect([...encodeCp1251("Жд і")]).toEqual([0xc6, 0xe4, 0x20, 0xb3]);
  });
});
