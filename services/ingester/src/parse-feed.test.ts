import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeBody } from "./decode-body.ts";
import { parseFeed } from "./parse-feed.ts";

const text = (name: string) => decodeBody(readFileSync(new URL(`../testdata/${name}`, import.meta.url))).text;

describe("parseFeed", () => {
  it("flattens XHTML titles, strips HTML and scripts, resolves links against xml:base", async () => {
    const r = await parseFeed(text("atom-xhtml.xml"), "https://atom.example.test/feed");
    if (!r.ok) throw new Error(r.error);
    expect(r.feed.title).toBe("Atom & Co");
    expect(r.feed.lang).toBe("en");
    const [a, b] = r.feed.items;
    expect(a).toMatchObject({ title: "Envoys meet in Geneva", link: "https://atom.example.test/other/item-1", summary: "Witkoff & Kushner arrive." });
    expect(b).toMatchObject({ title: "Talks resume today", link: "https://atom.example.test/news/item-2", publishedAt: "2026-02-18T09:00:00.000Z" });
  });

  it("keeps items without GUIDs or links, with canonical links", async () => {
    const r = await parseFeed(text("no-guid.xml"), "https://feeds.example.test/rss");
    if (!r.ok) throw new Error(r.error);
    expect(r.feed.items.map((i) => [i.guid, i.link])).toEqual([
      [undefined, "https://feeds.example.test/story/1"],
      [undefined, "https://feeds.example.test/story/1"],
      [undefined, null],
    ]);
  });

  it("reads the feed language for every item", async () => {
    const r = await parseFeed(text("uk-windows-1251.xml"), "https://uk.example.test/rss");
    if (!r.ok) throw new Error(r.error);
    expect(r.feed.items.map((i) => i.lang)).toEqual(["uk", "uk"]);
    expect(r.feed.title).toBe("Новини: переговори у Женеві");
  });

  it("rejects an HTML page with a clear reason and the feeds it links to", async () => {
    const r = await parseFeed(text("html-page.html"), "https://site.example.test/news/");
    expect(r).toMatchObject({
      ok: false,
      reason: "not-a-feed",
      error: expect.stringMatching(/^not a feed: got an HTML page; the page links to/),
      alternates: ["https://site.example.test/rss/top.xml", "https://other.example.test/atom"],
    });
  });

  it("refuses an entity-expansion document quickly", async () => {
    const started = Date.now();
    const r = await parseFeed(text("billion-laughs.xml"), "https://x.test/");
    expect(r).toMatchObject({ ok: false, reason: "malformed" });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each([
    ["<!-- only a comment -->", /malformed feed: no XML root element/],
    ['<?xml version="1.0"?><foo/>', /not a feed: the XML is neither RSS nor Atom/],
    ["garbage & more", /malformed feed/],
    ["", /malformed feed|not a feed/],
  ])("never throws on %j", async (input, reason) => {
    const r = await parseFeed(input, "https://x.test/");
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(reason) });
  });

  it("reads items placed straight under <rss> and an empty <rss> as feeds", async () => {
    expect(await parseFeed("<rss version='2.0'></rss>", "https://x.test/")).toMatchObject({ ok: true, feed: { items: [] } });
    expect(await parseFeed("<rss><item><title>a</title></item></rss>", "https://x.test/")).toMatchObject({ ok: true, feed: { items: [{ title: "a" }] } });
  });

  it("tolerates titles and links that are objects or missing", async () => {
    const xml = `<rss version="2.0"><channel><title><x a="1">T</x></title><item><link><a>weird</a></link><guid isPermaLink="false">g</guid></item></channel></rss>`;
    const r = await parseFeed(xml, "https://x.test/");
    if (!r.ok) throw new Error(r.error);
    expect(r.feed.title).toBe("T");
    expect(r.feed.items[0]).toMatchObject({ guid: "g", title: "" });
  });
});
