import { describe, expect, it } from "vitest";
import { ambiguousGuids, articleId, isRealGuid } from "./article-id.ts";

const item = (guid: string | undefined, link: string | null, title = "t", summary = "s") => ({ guid, link, title, summary });

describe("articleId", () => {
  it("uses a real GUID, scoped to the feed when it is not a URL", () => {
    const a = articleId(item("1234", "https://a.com/x"), "a.com");
    const b = articleId(item("1234", "https://a.com/x"), "b.com");
    expect(a.kind).toBe("guid");
    expect(a.id).not.toBe(b.id);
  });

  it("treats a URL GUID and the same canonical link as one article across feeds", () => {
    const viaGuid = articleId(item("https://A.com/x?utm_source=rss", null), "feed1");
    const viaLink = articleId(item(undefined, "https://a.com/x"), "feed2");
    expect(viaGuid.id).toBe(viaLink.id);
  });

  it("never merges two items that share a link but have different GUIDs", () => {
    expect(articleId(item("g1", "https://a.com/x"), "s").id).not.toBe(articleId(item("g2", "https://a.com/x"), "s").id);
  });

  it("falls back to the link, then to a content hash", () => {
    expect(articleId(item(undefined, "https://a.com/x"), "s").kind).toBe("link");
    expect(articleId(item("  ", null), "s").kind).toBe("hash");
    expect(articleId(item(undefined, null, "x"), "s").id).not.toBe(articleId(item(undefined, null, "y"), "s").id);
  });

  it("ignores placeholder GUIDs and those a document repeats for different links", () => {
    expect(isRealGuid("undefined")).toBe(false);
    expect(isRealGuid("tag:x,2026:1")).toBe(true);
    const items = [item("same", "https://a.com/1"), item("same", "https://a.com/2"), item("ok", "https://a.com/3"), item("ok", "https://a.com/3")];
    const bad = ambiguousGuids(items);
    expect([...bad]).toEqual(["same"]);
    expect(articleId(items[0]!, "s", bad).kind).toBe("link");
  });
});
