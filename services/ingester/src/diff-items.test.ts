import { describe, expect, it } from "vitest";
import { contentHash } from "./article-id.ts";
import { diffItems, type KnownArticle } from "./diff-items.ts";
import type { ParsedItem } from "./parse-feed.ts";

const item = (guid: string | undefined, title: string, link: string | null = null): ParsedItem => ({
  guid, link, title, summary: "s", content: undefined, publishedAt: null, lang: undefined,
});

function lookups(seen: Map<string, KnownArticle>, hashes = new Set<string>()) {
  return { seen: (id: string) => seen.get(id), hashKnown: (id: string, h: string) => hashes.has(`${id}:${h}`) };
}

describe("diffItems", () => {
  it("reports each item once, new when unknown", () => {
    const d = diffItems([item("a", "A"), item("a", "A"), item("b", "B")], "s", lookups(new Map()));
    expect(d.changes.map((c) => [c.item.guid, c.kind])).toEqual([["a", "new"], ["b", "new"]]);
    expect(d.listed).toHaveLength(2);
  });

  it("turns a title edit into one revision, and a flap back into nothing", () => {
    const first = diffItems([item("a", "Old")], "s", lookups(new Map()));
    const id = first.changes[0]!.articleId;
    const seen = new Map([[id, { contentHash: contentHash("Old", "s"), revision: 0 }]]);
    const edit = diffItems([item("a", "New")], "s", lookups(seen));
    expect(edit.changes).toMatchObject([{ kind: "revised", revision: 1, previousHash: contentHash("Old", "s") }]);
    const hashes = new Set([`${id}:${contentHash("Old", "s")}`, `${id}:${contentHash("New", "s")}`]);
    seen.set(id, { contentHash: contentHash("New", "s"), revision: 1 });
    expect(diffItems([item("a", "Old")], "s", lookups(seen, hashes)).changes).toEqual([]);
    expect(diffItems([item("a", "New")], "s", lookups(seen, hashes)).changes).toEqual([]);
  });

  it("keeps items that share a link but not a GUID apart", () => {
    const d = diffItems([item("g1", "x", "https://a.test/live"), item("g2", "y", "https://a.test/live")], "s", lookups(new Map()));
    expect(d.changes).toHaveLength(2);
  });
});
