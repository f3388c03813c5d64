/**
 * Feed titles and summaries are HTML more often than not (RSS 2.0 allows
 * entity-encoded HTML in <description>; Atom has type="html"/"xhtml"). The
 * pipeline wants plain text: scripts and styles dropped with their content,
 * tags dropped (block tags become spaces so words do not fuse), entities
 * decoded once (HTML5 rules), whitespace collapsed. A "<" not followed by a
 * tag name ("1 < 2") is text and is kept.
 */
import { decodeHTML } from "entities";

const DROP_WITH_CONTENT = /<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
const TAG = /<\/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?\/?>/g;

export function htmlToText(html: string): string {
  if (!html) return "";
  let s = html;
  if (s.includes("<")) {
    s = s.replace(CDATA, "$1").replace(COMMENT, " ").replace(DROP_WITH_CONTENT, " ").replace(TAG, " ");
  }
  if (s.includes("&")) s = decodeHTML(s);
  return s.replace(/[\s\u00a0]+/g, " ").trim();
}

/**
 * The text inside whatever rss-parser/xml2js handed back: a string, a number,
 * an array, or an element object ({_: text, $: attrs, child: [...]}),
 * whose attributes are skipped and whose text and children are joined.
 */
export function textOf(value: unknown, depth = 0): string {
  if (value === null || value === undefined || depth > 20) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((v) => textOf(v, depth + 1)).join(" ");
  if (typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === "$") continue;
      parts.push(textOf(v, depth + 1));
    }
    return parts.join(" ");
  }
  return "";
}
