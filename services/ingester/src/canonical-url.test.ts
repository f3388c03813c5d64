import { describe, expect, it } from "vitest";
import { canonicalUrl } from "./canonical-url.ts";

describe("canonicalUrl", () => {
  it.each([
    ["HTTPS://Example.COM:443/a/B?x=1#frag", "https://example.com/a/B?x=1"],
    ["http://example.com/a?utm_source=rss&utm_medium=feed&id=7", "http://example.com/a?id=7"],
    ["https://example.com/a?fbclid=abc", "https://example.com/a"],
    ["https://example.com/a?gclid=1&b=2&a=1", "https://example.com/a?b=2&a=1"],
    ["https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"],
    ["  https://example.com/x  ", "https://example.com/x"],
    ["mailto:a@b.c", null],
    ["not a url", null],
    ["", null],
  ])("%s → %s", (input, want) => {
    expect(canonicalUrl(input)).toBe(want);
  });

  it("resolves a relative link against a base", () => {
    expect(canonicalUrl("../b?utm_campaign=x", "https://ex.org/news/a/feed.xml")).toBe("https://ex.org/news/b");
  });
});
