/**
 * Feed lists in and out (pure). GW_FEEDS is either OPML (any <outline> with an
 * xmlUrl, nested or not) or plain text: one URL per line, `#` starts a comment.
 * Every entry must be an absolute http(s) URL; a bad one is an error naming
 * the line, so a typo stops the program at start instead of failing silently.
 */
import { decodeXML, encodeXML } from "entities";

export interface FeedEntry {
  url: string;
  title?: string;
}

export class FeedListError extends Error {
  override name = "FeedListError";
}

/** `where` is a function so the line number is only worked out for an error. */
function checkUrl(url: string, where: () => string): string {
  try {
    const u = new URL(url);
    if (u.protocol === "http:" || u.protocol === "https:") return u.toString();
  } catch {
    /* reported below */
  }
  throw new FeedListError(`${where()}: "${url}" is not an http(s) URL`);
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "i").exec(tag);
  return m ? decodeXML(m[1] ?? m[2] ?? "") : undefined;
}

export function parseFeedList(text: string, source = "feed list"): FeedEntry[] {
  const body = text.replace(/^\uFEFF/, "");
  const out: FeedEntry[] = [];
  const seen = new Set<string>();
  const push = (e: FeedEntry) => {
    if (!seen.has(e.url)) {
      seen.add(e.url);
      out.push(e);
    }
  };
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<opml[\s>]/i.test(body)) {
    for (const m of body.matchAll(/<outline\b[^>]*>/gi)) {
      const xmlUrl = attr(m[0], "xmlUrl");
      if (!xmlUrl) continue;
      const title = attr(m[0], "title") ?? attr(m[0], "text");
      const where = () => `${source}, line ${body.slice(0, m.index).split("\n").length}`;
      push({ url: checkUrl(xmlUrl.trim(), where), ...(title ? { title } : {}) });
    }
    return out;
  }
  body.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line) push({ url: checkUrl(line, () => `${source}, line ${i + 1}`) });
  });
  return out;
}

export function toOpml(feeds: readonly FeedEntry[], title = "geneva-watch feeds"): string {
  const lines = feeds.map((f) => {
    const t = encodeXML(f.title || f.url);
    return `    <outline type="rss" text="${t}" title="${t}" xmlUrl="${encodeXML(f.url)}"/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>${encodeXML(title)}</title></head>\n  <body>\n${lines.join("\n")}\n  </body>\n</opml>\n`;
}
