import type { DevelopmentData } from "@gw/events";
import { developmentIdOf } from "./developments.ts";
import type { DevelopmentRow, MemberRow } from "./statements.ts";

const union = (lists: Iterable<string[]>): string[] => [...new Set([...lists].flat())].sort();

/**
 * The `latest_developments` row of a development from its member articles
 * (pure). The lead gives headline, link and outlet; first_seen_at is the
 * lead's discovery, updated_at the newest member's; topics, entities and
 * languages are unions. Undefined when it has no members left.
 */
export function summarizeDevelopment(developmentId: string, members: readonly MemberRow[]): DevelopmentData | undefined {
  if (members.length === 0) return undefined;
  const lead = members.find((m) => developmentIdOf(m.article_id) === developmentId) ?? members[0]!;
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
 * - first appearance of an id never announced → opened, unless it absorbed
 *   an announced development (a late, earlier copy took the lead): then the
 *   story was already announced, so it is an update, never a second opening;
 * - an announced development that gained articles or topics → updated;
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
  absorbedAnnounced: boolean,
  replay?: { eventTime: string; windowMs: number },
): DevelopmentChange {
  if (!announced) {
    if (absorbedAnnounced) return { kind: "updated", change: "article-added" };
    const stale = replay !== undefined && Date.parse(replay.eventTime) - Date.parse(after.updated_at) > replay.windowMs;
    return stale ? { kind: "none" } : { kind: "opened" };
  }
  if (!before || after.article_count > before.article_count) return { kind: "updated", change: "article-added" };
  if (JSON.stringify(after.topics) !== before.topics) return { kind: "updated", change: "topics-changed" };
  return { kind: "none" };
}
