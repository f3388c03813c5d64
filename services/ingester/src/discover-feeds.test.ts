import { describe, expect, it } from "vitest";
import { discoverFeeds, looksLikeHtml } from "./discover-feeds.ts";

describe("looksLikeHtml", () => {
  it.each([
    ["<!DOCTYPE html><html><head></head></html>", true],
    ['<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml">', true],
    ["<!-- hi --><html lang=en><body>", true],
    ["<!doctype html><meta charset=utf-8><title>x</title>", true],
    ['<?xml version="1.0"?><!DOCTYPE html PUBLIC "x" "y"><rss><channel><title>found</title></channel></rss>', false],
    ['<?xml version="1.0"?><rss version="2.0"><channel><description>&lt;html&gt;</description></channel></rss>', false],
    ['<feed xmlns="http://www.w3.org/2005/Atom"><content type="xhtml"><div><html><body></body></html></div></content></feed>', false],
  ])("%s → %s", (text, want) => {
    expect(looksLikeHtml(text)).toBe(want);
  });
});

describe("discoverFeeds", () => {
  it("finds RSS/Atom alternates in order, resolved against <base>, without duplicates", () => {
    const html = `<head><base href="https://cdn.test/x/"><link rel="stylesheet" href="a.css"><link type='application/rss+xml' rel="alternate" href="rss.xml">
      <link rel="alternate" type="application/atom+xml" href="/atom?a=1&amp;b=2"><link rel="alternate" type="text/html" href="/fr"><link rel="alternate" type="application/rss+xml" href="rss.xml"></head>`;
    expect(discoverFeeds(html, "https://site.test/page")).toEqual(["https://cdn.test/x/rss.xml", "https://cdn.test/atom?a=1&b=2"]);
  });
});
