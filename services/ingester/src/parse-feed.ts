/**
 * Feed text → plain, guarded values. Rules:
 * - a new rss-parser Parser per call (a reused one turns lenient after a failure);
 * - an HTML page is a feed error that names the feeds it links to (autodiscovery);
 * - XML that is not RSS 0.9x/1.0/2.0 or Atom is a feed error, never a crash;
 *   entity declarations are refused up front (billion laughs) and sax never
 *   expands them anyway;
 * - a bare "&" (invalid XML, common in links) is escaped and the parse retried;
 * - titles with unescaped markup (`Talks <b>resume</b>`) are kept whole, and
 *   empty attribute-less <link/>s (which crash rss-parser's Atom path) are dropped;
 * - every field is guarded: object titles flattened, missing links allowed,
 *   HTML stripped to text, links resolved against xml:base and the feed URL.
 */
import Parser from "rss-parser";
import { htmlToText, textOf } from "./html-to-text.ts";
import { discoverFeeds, looksLikeHtml } from "./discover-feeds.ts";
import { canonicalUrl } from "./canonical-url.ts";

export interface ParsedItem {
  guid: string | undefined;
  /** Canonical absolute link, or null when the item has none usable. */
  link: string | null;
  title: string;
  summary: string;
  content: string | undefined;
  publishedAt: string | null;
  lang: string | undefined;
}

export interface ParsedFeed {
  title: string;
  siteUrl: string | null;
  lang: string | undefined;
  items: ParsedItem[];
}

export type ParseResult =
  | { ok: true; feed: ParsedFeed }
  | { ok: false; reason: "not-a-feed" | "malformed"; error: string; alternates: string[] };

const SUMMARY_MAX = 2000;
const CONTENT_MAX = 4000;
type Raw = Record<string, unknown>;

/** Wraps markup inside <title> in CDATA so xml2js keeps the whole text, not just the part before the first child. */
function protectTitles(xml: string): string {
  return xml.replace(/<title(\s[^>]*)?>([\s\S]*?)<\/title>/g, (whole, attrs: string | undefined, inner: string) =>
    inner.includes("<") && !inner.includes("<![CDATA[") && !inner.includes("]]>") ? `<title${attrs ?? ""}><![CDATA[${inner}]]></title>` : whole,
  );
}

/** Repairs the shapes that make rss-parser throw instead of parse (each is common in the wild). */
function prepare(xml: string): string {
  let s = xml.replace(/^\uFEFF/, "").trimStart();
  if (s.includes("<title")) s = protectTitles(s);
  s = s.replace(/<link\s*\/>|<link\s*>\s*<\/link>/g, "");
  const head = s.slice(0, 4096);
  if (/<feed[\s>]/.test(head) && !/<rss[\s>]/.test(head)) {
    // Atom wants <link href>; a bare <link>URL</link> has no attributes and crashes the Atom path.
    s = s.replace(/<link>\s*([^<\s]+)\s*<\/link>/g, (_m, href: string) => `<link href="${href.replace(/"/g, "&quot;")}"/>`);
  } else if (/<rss[\s>]/.test(head) && !s.includes("<channel")) {
    // Items straight under <rss> (no <channel>): read them as the channel's.
    s = s.replace(/(<rss\b[^>]*>)([\s\S]*)(<\/rss\s*>)/, "$1<channel>$2</channel>$3");
  }
  return s;
}

export function normalizeLang(v: unknown): string | undefined {
  const m = /^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$/.exec(textOf(v));
  return m ? m[1]!.toLowerCase() : undefined;
}

function resolveLink(raw: unknown, base: string): string | null {
  const s = textOf(raw).trim();
  return s ? canonicalUrl(s, base) : null;
}

function baseOf(xmlBase: unknown, parent: string): string {
  const s = textOf(xmlBase).trim();
  if (!s) return parent;
  try {
    return new URL(s, parent).toString();
  } catch {
    return parent;
  }
}

function isoOrNull(...candidates: unknown[]): string | null {
  for (const c of candidates) {
    const s = textOf(c).trim();
    if (!s) continue;
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return null;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function toItem(it: Raw, base: string, feedLang: string | undefined): ParsedItem {
  const attrs = (it.gwAttrs ?? {}) as Raw;
  const itemBase = baseOf(attrs["xml:base"], base);
  const rawGuid = textOf(it.guid ?? it.id).trim();
  const link = resolveLink(it.link, itemBase) ?? (/^https?:\/\//i.test(rawGuid) ? canonicalUrl(rawGuid) : null);
  const title = htmlToText(textOf(it.title));
  const description = htmlToText(textOf(it.summary ?? it.content));
  const encoded = htmlToText(textOf(it["content:encoded"] ?? (it.summary !== undefined ? it.content : undefined)));
  const summary = clip(description || encoded, SUMMARY_MAX);
  return {
    guid: rawGuid || undefined,
    link,
    title: title || clip(summary, 120),
    summary,
    content: encoded && encoded !== summary ? clip(encoded, CONTENT_MAX) : undefined,
    publishedAt: isoOrNull(it.isoDate, it.pubDate, it.date),
    lang: normalizeLang(it.language ?? attrs["xml:lang"]) ?? feedLang,
  };
}

/** A new Parser each time: a reused one turns lenient after a failure. `<rss>` without a version is read as RSS 2.0. */
function parseOnce(xml: string): Promise<Raw> {
  const feedAttrs = [["$", "gwAttrs", { keepArray: true }]] as never;
  const parser = new Parser({ defaultRSS: 2, customFields: { feed: feedAttrs, item: feedAttrs } });
  return parser.parseString(xml) as unknown as Promise<Raw>;
}

// A "&" that starts no well-formed reference (`a=1&b=2`, `&copy` in a URL): escaped and retried once.
const BARE_AMP = /&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);)/g;

async function parseXml(xml: string): Promise<Raw> {
  try {
    return await parseOnce(xml);
  } catch (err) {
    if (!/entity/i.test((err as Error)?.message ?? "") || !BARE_AMP.test(xml)) throw err;
    return await parseOnce(xml.replace(BARE_AMP, "&amp;"));
  }
}

export async function parseFeed(text: string, feedUrl: string): Promise<ParseResult> {
  if (looksLikeHtml(text)) {
    const alternates = discoverFeeds(text, feedUrl);
    const hint = alternates.length ? `; the page links to ${alternates.join(", ")}` : "";
    return { ok: false, reason: "not-a-feed", error: `not a feed: got an HTML page${hint}`, alternates };
  }
  if (/<!ENTITY/i.test(text.slice(0, 65_536))) {
    return { ok: false, reason: "malformed", error: "refused: the document declares XML entities (entity expansion attack or broken DTD)", alternates: [] };
  }
  if (!text.trim()) return { ok: false, reason: "malformed", error: "malformed feed: empty document", alternates: [] };
  let out: Raw;
  try {
    out = await parseXml(prepare(text));
  } catch (err) {
    const msg = (err as Error)?.message ?? String(err);
    const notFeed = /not recognized as RSS/i.test(msg);
    // A TypeError comes from rss-parser walking a structure it did not expect (an <rss> without <channel>).
    const detail = /Unable to parse XML/.test(msg) ? "no XML root element" : err instanceof TypeError ? `unexpected document structure (${msg})` : msg.split("\n").join(" ").slice(0, 200);
    const error = notFeed ? "not a feed: the XML is neither RSS nor Atom" : `malformed feed: ${detail}`;
    return { ok: false, reason: notFeed ? "not-a-feed" : "malformed", error, alternates: [] };
  }
  const rootAttrs = (out.gwAttrs ?? {}) as Raw;
  const rootBase = baseOf(rootAttrs["xml:base"] ?? /<(?:feed|rss|channel|rdf:RDF)\b[^>]*\sxml:base\s*=\s*["']([^"']*)["']/.exec(text.slice(0, 4096))?.[1], feedUrl);
  const lang = normalizeLang(out.language ?? rootAttrs["xml:lang"]);
  const items = Array.isArray(out.items) ? (out.items as unknown[]).filter((i): i is Raw => typeof i === "object" && i !== null) : [];
  return {
    ok: true,
    feed: {
      title: htmlToText(textOf(out.title)),
      siteUrl: resolveLink(out.link, rootBase),
      lang,
      items: items.map((it) => toItem(it, rootBase, lang)),
    },
  };
}
