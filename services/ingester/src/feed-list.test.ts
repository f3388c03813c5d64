import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseFeedList, toOpml } from "./feed-list.ts";

describe("parseFeedList", () => {
  it("reads a text list with comments and blank lines", () => {
    const list = parseFeedList("# news\nhttps://a.test/rss\n\n  https://b.test/atom  # trailing\nhttps://a.test/rss\n");
    expect(list.map((f) => f.url)).toEqual(["https://a.test/rss", "https://b.test/atom"]);
  });

  it("names the line of a bad entry", () => {
    expect(() => parseFeedList("https://a.test/\nftp://x\n", "feeds.txt")).toThrow('feeds.txt, line 2: "ftp://x" is not an http(s) URL');
  });

  it("reads nested OPML outlines and round-trips through export", () => {
    const opml = `<?xml version="1.0"?><opml version="1.0"><body><outline text="News"><outline text="A &amp; B" xmlUrl="https://a.test/rss?x=1&amp;y=2"/></outline><outline text="folder"/></body></opml>`;
    const list = parseFeedList(opml);
    expect(list).toEqual([{ url: "https://a.test/rss?x=1&y=2", title: "A & B" }]);
    expect(parseFeedList(toOpml(list))).toEqual(list);
  });

  it("ships a default list of real feeds in three languages", () => {
    const list = parseFeedList(readFileSync(new URL("../feeds/default.opml", import.meta.url), "utf8"));
    expect(list.length).toBeGreaterThanOrEqual(25);
    expect(list.every((f) => f.url.startsWith("https://") || f.url.startsWith("http://"))).toBe(true);
  });
});
