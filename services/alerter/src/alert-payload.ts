/**
 * Alert payloads: the contract's JSON (type, development_id, headline, url,
 * source, topics, first_seen_at, text) plus a few extra keys receivers may use.
 * `text` is always one line (Slack/Mattermost/Discord-style hooks show only it).
 * A digest names every development it folds in `developments`; its text names
 * the first few so the line stays readable.
 */
import { stableId, type AlertPayload, type DevelopmentData } from "@gw/events";

export interface DigestEntry {
  development_id: string;
  headline: string;
  url: string;
  source: string;
}

export type Alert = AlertPayload & {
  source_count?: number;
  article_count?: number;
  updated_at?: string;
  /** Digests only: every development folded into it. */
  developments?: DigestEntry[];
  reason?: "rate-limit" | "quiet-hours";
};

const TEXT_NAMES = 10;

export function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

export function buildAlert(d: DevelopmentData, type: "development.opened" | "development.updated"): Alert {
  const headline = oneLine(d.headline);
  const others = d.source_count > 1 ? ` (+${d.source_count - 1} more outlet${d.source_count > 2 ? "s" : ""})` : "";
  const topics = d.topics.length ? ` [${d.topics.join(", ")}]` : "";
  const lead = type === "development.opened" ? "New development" : `Update, ${d.source_count} outlets`;
  return {
    type,
    development_id: d.development_id,
    headline,
    url: d.url,
    source: d.source,
    topics: d.topics,
    first_seen_at: d.first_seen_at,
    text: `${lead}: ${headline} — ${oneLine(d.source)}${others}${topics} ${d.url}`.trim(),
    source_count: d.source_count,
    article_count: d.article_count,
    updated_at: d.updated_at,
  };
}

/** The key of a digest is derived from what it folds, so re-planning the same rows names the same digest. */
export function digestKey(alertKeys: readonly string[]): string {
  return `digest-${stableId(...[...alertKeys].sort())}`;
}

export function buildDigest(key: string, alerts: readonly Alert[], reason: "rate-limit" | "quiet-hours"): Alert {
  const entries = alerts.flatMap((a) => (a.developments?.length ? a.developments : [toEntry(a)]));
  const topics = [...new Set(alerts.flatMap((a) => a.topics))].sort();
  const first = [...alerts].sort((a, b) => a.first_seen_at.localeCompare(b.first_seen_at))[0];
  const why = reason === "rate-limit" ? "held back by the rate limit" : "held during quiet hours";
  const names = entries.slice(0, TEXT_NAMES).map((e) => `"${e.headline}"`).join("; ");
  const more = entries.length > TEXT_NAMES ? `; and ${entries.length - TEXT_NAMES} more` : "";
  return {
    type: "digest",
    development_id: key,
    headline: `${entries.length} developments ${why}`,
    url: entries[0]?.url ?? "",
    source: "geneva-watch",
    topics,
    first_seen_at: first?.first_seen_at ?? new Date(0).toISOString(),
    text: `Digest: ${entries.length} developments ${why}: ${names}${more}`,
    developments: entries,
    reason,
  };
}

function toEntry(a: Alert): DigestEntry {
  return { development_id: a.development_id, headline: a.headline, url: a.url, source: a.source };
}

export function testAlert(now: Date): Alert {
  const iso = now.toISOString();
  return {
    type: "test",
    development_id: `test-${stableId("test", iso)}`,
    headline: "geneva-watch test alert",
    url: "",
    source: "geneva-watch",
    topics: [],
    first_seen_at: iso,
    text: `Test alert from geneva-watch at ${iso}: this channel works.`,
  };
}
