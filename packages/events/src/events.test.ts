import { describe, expect, it } from "vitest";
import { anyEvent, articleDiscoveredEvent, developmentOpenedEvent, stableId, type ArticleSnapshot } from "./index.ts";

const article: ArticleSnapshot = {
  article_id: "a1",
  feed_url: "http://f/rss",
  source: "F",
  url: "http://f/1",
  title: "t",
  summary: "s",
  published_at: null,
  discovered_at: "2026-02-17T08:00:00.000Z",
  content_hash: "h",
};

describe("event ids", () => {
  it("are deterministic and unambiguous", () => {
    expect(stableId("a", "b")).toBe(stableId("a", "b"));
    expect(stableId("ab", "c")).not.toBe(stableId("a", "bc"));
  });

  it("do not depend on the time a fact was re-published", () => {
    const a = articleDiscoveredEvent(article, "2026-02-17T08:00:00.000Z");
    const b = articleDiscoveredEvent(article, "2026-02-18T09:00:00.000Z");
    expect(a.id).toBe(b.id);
  });

  it("differ per event type for the same entity", () => {
    const dev = { development_id: "a1", headline: "", url: "", source: "", topics: [], first_seen_at: article.discovered_at, updated_at: article.discovered_at, article_count: 1, source_count: 1, lead_article_id: "a1" };
    expect(developmentOpenedEvent(dev, dev.updated_at).id).not.toBe(articleDiscoveredEvent(article, dev.updated_at).id);
  });
});

describe("schemas", () => {
  it("accept what the factories produce", () => {
    expect(anyEvent.safeParse(articleDiscoveredEvent(article, article.discovered_at)).success).toBe(true);
  });

  it.each([
    ["a missing article id", { ...article, article_id: "" }],
    ["a date that is not a date", { ...article, discovered_at: "yesterday" }],
    ["a title that is not text", { ...article, title: { "#": "x" } }],
  ])("reject %s", (_, data) => {
    expect(anyEvent.safeParse({ id: "x", type: "article.discovered", version: 1, time: article.discovered_at, data }).success).toBe(false);
  });
});
