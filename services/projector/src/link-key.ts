/**
 * The grouping key of a link (rule 1 of developments.ts, "same link"); not
 * the ingester's canonicalUrl, which decides article identity. The same
 * story reached through different tracking parameters, schemes, `www.`,
 * fragments, AMP paths or trailing slashes gives one key. Conservative on purpose: query parameters that may
 * select content (`id`, `p`, `story`) are kept, only known trackers go.
 */
const TRACKING = /^(utm_\w+|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|igshid|ref|ref_src|ref_url|cmpid|cmp|ito|traffic_source|rss|at_medium|at_campaign|at_custom\d*|ocid|smid|partner|source|via|s_cid|ns_\w+|__twitter_impression|amp|outputType|taid|spm|share|sh|ftag|xtor)$/i;

export function linkKey(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return raw.trim().toLowerCase();
  }
  const host = u.hostname.toLowerCase().replace(/^(www\d?|m|mobile|amp)\./, "");
  let path = u.pathname.replace(/\/amp\/?$/i, "/").replace(/\.amp(\.html)?$/i, "$1").replace(/\/index\.html?$/i, "/").replace(/\/+$/, "");
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path: a bad escape is still a stable key
  }
  const kept = [...u.searchParams.entries()].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = kept.length ? `?${kept.map(([k, v]) => `${k}=${v}`).join("&")}` : "";
  return `${host}${path}${query}`;
}
