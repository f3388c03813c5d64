/**
 * Feed autodiscovery in an HTML page (RSS Advisory Board "RSS Autodiscovery";
 * HTML LS `rel=alternate`): every <link rel="alternate"> whose type is RSS or
 * Atom, resolved against the page URL (or its <base href>), in document order,
 * without duplicates.
 */
import { decodeHTML } from "entities";

const LINK = /<link\b([^>]*)>/gi;
const ATTR = /([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
const FEED_TYPE = /^application\/(rss|atom)\+xml$|^application\/(rdf\+)?xml$|^text\/xml$/i;

function attrsOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(ATTR)) out[m[1]!.toLowerCase()] = decodeHTML(m[2] ?? m[3] ?? m[4] ?? "");
  return out;
}

export function discoverFeeds(html: string, pageUrl: string): string[] {
  const baseHref = /<base\b[^>]*href\s*=\s*["']([^"']+)["']/i.exec(html)?.[1];
  let base = pageUrl;
  try {
    if (baseHref) base = new URL(baseHref, pageUrl).toString();
  } catch {
    /* a bad <base> is ignored, as browsers do */
  }
  const found: string[] = [];
  for (const m of html.matchAll(LINK)) {
    const a = attrsOf(m[1] ?? "");
    const rels = (a.rel ?? "").toLowerCase().split(/\s+/);
    if (!rels.includes("alternate") || !a.href || !FEED_TYPE.test((a.type ?? "").trim())) continue;
    try {
      const url = new URL(a.href, base).toString();
      if (!found.includes(url)) found.push(url);
    } catch {
      /* unresolvable href: skip it */
    }
  }
  return found;
}

/** True when the text is an HTML page rather than XML (doctype html or an <html> root). */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).replace(/^\uFEFF/, "").replace(/<!--[\s\S]*?-->/g, "").trimStart();
  return /^<!doctype\s+html/i.test(head) || /^<html[\s>]/i.test(head) || (!head.startsWith("<?xml") && /<html[\s>]/i.test(head) && /<(head|body)[\s>]/i.test(head));
}
