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

/**
 * True when the text is an HTML page rather than a feed: the root element is
 * <html> (XHTML included), or an html doctype leads to a root that is not a
 * feed's (HTML5 may omit <html>). A feed with a stray html doctype is a feed.
 */
export function looksLikeHtml(text: string): boolean {
  let head = text.slice(0, 4096).replace(/^\uFEFF/, "").trimStart();
  let doctypeHtml = false;
  for (;;) {
    const prolog = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!doctype\s[^[>]*(?:\[[\s\S]*?\])?\s*>)\s*/i.exec(head);
    if (!prolog) break;
    if (/^<!doctype\s+html/i.test(prolog[0])) doctypeHtml = true;
    head = head.slice(prolog[0].length);
  }
  const root = /^<([A-Za-z][\w:.-]*)/.exec(head)?.[1]?.toLowerCase();
  if (root === undefined) return /<html[\s>]/i.test(head) && /<(head|body)[\s>]/i.test(head);
  return root === "html" || (doctypeHtml && !["rss", "feed", "rdf:rdf", "channel"].includes(root));
}
