/**
 * The canonical form of an article link, so the same story reached through
 * different campaign links is one article:
 * - scheme and host lowercased (RFC 3986 §6.2.2.1), default port dropped;
 * - the fragment dropped (it never names a different resource);
 * - tracking parameters dropped: utm_*, fbclid, gclid and their kin;
 * - the remaining query kept in its original order (order can matter to servers).
 * A string that is not an absolute http(s) URL is returned as null.
 */

const TRACKING_PARAMS = new Set([
  "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
  "_ga", "_gl", "ocid", "cmpid", "ncid", "smid", "mbid", "spm", "at_medium", "at_campaign", "xtor", "ito",
  "ref_src", "ref_url", "__twitter_impression",
]);

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith("utm_") || n.startsWith("at_") || TRACKING_PARAMS.has(n);
}

export function canonicalUrl(raw: string, base?: string): string | null {
  let u: URL;
  try {
    u = base === undefined ? new URL(raw.trim()) : new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  // WHATWG URL already lowercases scheme and host and drops default ports.
  u.hash = "";
  const kept = [...u.searchParams].filter(([k]) => !isTracking(k));
  if (kept.length !== [...u.searchParams].length) {
    u.search = kept.length ? new URLSearchParams(kept).toString() : "";
  }
  let s = u.toString();
  if (s.endsWith("?")) s = s.slice(0, -1);
  return s;
}
