import type { DevelopmentData } from "@gw/events";
import { compareKey } from "./developments.ts";
import type { DevelopmentRow, MemberRow } from "./statements.ts";

const keyOf = (m: MemberRow) => ({ time: Date.parse(m.discovered_at), articleId: m.article_id });
const union = (lists: Iterable<string[]>): string[] => [...new Set([...lists].flat())].sort();

/**
 * The `latest_developments` row of a development from its member articles
 * (pure). The lead gives headline, link and outlet; it is the earliest
 * member in canonical order (an article only joins a lead before it), whatever
 * id the development carries. first_seen_at is the lead's discovery,
 * updated_at the newest member's; topics, entities and
 * languages are unions. Undefined when it has no members left.
 */
export function summarizeDevelopment(developmentId: string, members: readonly MemberRow[]): DevelopmentData | undefined {
  if (members.length === 0) return undefined;
  const lead = members.reduce((a, m) => (compareKey(keyOf(m), keyOf(a)) < 0 ? m : a));
  let updated = lead.discovered_at;
  for (const m of members) if (m.discovered_at > updated) updated = m.discovered_at;
  return {
    development_id: developmentId,
    headline: lead.title,
    url: lead.url,
    source: lead.source,
    topics: union(members.map((m) => JSON.parse(m.topics) as string[])),
    entities: union(members.map((m) => JSON.parse(m.entities) as string[])),
    langs: union(members.map((m) => (m.lang ? [m.lang] : []))),
    first_seen_at: lead.discovered_at,
    updated_at: updated,
    article_count: members.length,
    source_count: new Set(members.map((m) => m.source)).size,
    lead_article_id: lead.article_id,
  };
}

export function toDevelopmentRow(d: DevelopmentData): DevelopmentRow {
  return {
    development_id: d.development_id,
    headline: d.headline,
    url: d.url,
    source: d.source,
    topics: JSON.stringify(d.topics),
    first_seen_at: d.first_seen_at,
    updated_at: d.updated_at,
    article_count: d.article_count,
    source_count: d.source_count,
    lead_article_id: d.lead_article_id,
    entities: JSON.stringify(d.entities ?? []),
    langs: JSON.stringify(d.langs ?? []),
  };
}

export type DevelopmentChange =
  | { kind: "opened" }
  | { kind: "updated"; change: "article-added" | "topics-changed" }
  | { kind: "none" };

/**
 * Which event a change to one development is worth (pure):
 * - first appearance of an id never announced → opened (ids are stable: a
 *   story already announced keeps its id when its lead changes, so a new id
 *   is a new story);
 * - an announced development that gained articles or topics, or absorbed
 *   another development (`merged`) → updated;
 * - anything else (removal, a changed title, a vanished development) → none;
 * - a development opened by a reclassification run (`replay`) whose newest
 *   article is older than the window is old news: recorded as announced,
 *   not opened, so re-running the taxonomy over months of history does not
 *   flood the alerter.
 */
export function developmentChange(
  before: DevelopmentRow | undefined,
  after: DevelopmentData,
  announced: boolean,
  merged: boolean,
  replay?: { eventTime: string; windowMs: number },
): DevelopmentChange {
  if (!announced) {
    const stale = replay !== undefined && Date.parse(replay.eventTime) - Date.parse(after.updated_at) > replay.windowMs;
    return stale ? { kind: "none" } : { kind: "opened" };
  }
  if (!before || merged || after.article_count > before.article_count) return { kind: "updated", change: "article-added" };
  if (JSON.stringify(after.topics) !== before.topics) return { kind: "updated", change: "topics-changed" };
  return { kind: "none" };
}
