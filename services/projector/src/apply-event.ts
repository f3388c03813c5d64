/**
 * Applies one classification event to the read model (inside the caller's
 * transaction). Rules:
 * - one row per article id; a later classification replaces the earlier one,
 *   except one made with an older taxonomy (a version first seen earlier on
 *   the stream) arriving after a newer one: the newest taxonomy wins;
 * - only relevant articles are grouped; becoming irrelevant leaves the
 *   development (which may vanish), becoming relevant joins or opens one;
 * - every development touched is re-summarised (from counts kept in memory
 *   when the article simply joins, else from its members; rows are written
 *   once per batch, see development-summaries.ts), and what changed becomes
 *   an outbox event (developmentChange decides which);
 * - a development keeps its public id when its lead changes: after the
 *   regroup, groups inherit the ids of the developments they continue
 *   (apply-development-ids.ts), so an alerted id stays valid.
 */
import { developmentOpenedEvent, developmentUpdatedEvent, SUBJECTS, type ArticleClassified } from "@gw/events";
import { applyDevelopmentIds } from "./apply-development-ids.ts";
import { regroup, type GroupedArticle, type Regrouped } from "./regroup.ts";
import { sameRow, type DevelopmentSummaries } from "./development-summaries.ts";
import type { SqliteGroupingStore } from "./sqlite-grouping-store.ts";
import type { ArticleRow, Statements } from "./statements.ts";
import { developmentChange, toDevelopmentRow } from "./summarize-development.ts";

export interface ApplyContext {
  st: Statements;
  store: SqliteGroupingStore;
  summaries: DevelopmentSummaries;
  windowMs: number;
  /** Outbox rows of events at or below this seq are written as already sent (a rebuild). */
  outboxSentUpTo: number;
  outboxAdded: number;
  /** Cache of taxonomy_versions (first_seq by version); dropped with the other caches on a failed batch. */
  versions: Map<string, number>;
}

const sortedUnique = (xs: readonly string[]): string[] => [...new Set(xs)].sort();
const normIso = (s: string): string => new Date(s).toISOString();

function toRow(e: ArticleClassified, seq: number): ArticleRow {
  const d = e.data;
  const a = d.article;
  return {
    article_id: a.article_id,
    url: a.url,
    title: a.title,
    summary: a.summary,
    source: a.source,
    feed_url: a.feed_url,
    lang: a.lang ?? null,
    published_at: a.published_at ? normIso(a.published_at) : null,
    discovered_at: normIso(a.discovered_at),
    relevant: d.relevant ? 1 : 0,
    topics: JSON.stringify(d.relevant ? sortedUnique(d.topics) : []),
    entities: JSON.stringify(sortedUnique(d.entities)),
    taxonomy_version: d.taxonomy_version,
    content_hash: a.content_hash,
    development_id: null,
    is_lead: 0,
    lead_article_id: null,
    classified_seq: seq,
  };
}

const GROUPING_FIELDS = ["discovered_at", "url", "title", "summary", "lang", "topics", "entities", "relevant"] as const;

/** Stream position where a taxonomy version first appeared (recorded on first sight). */
function versionSeq(cx: ApplyContext, version: string, seq: number): number {
  let first = cx.versions.get(version);
  if (first === undefined) {
    cx.st.addVersion.run(version, seq);
    first = cx.st.versionSeq.get(version)!.first_seq;
    cx.versions.set(version, first);
  }
  return first;
}

function isStale(cx: ApplyContext, existing: ArticleRow, version: string, seq: number): boolean {
  if (existing.taxonomy_version === version) return false;
  return versionSeq(cx, existing.taxonomy_version, 0) > versionSeq(cx, version, seq);
}

/** Returns false when the event changes nothing (a stale taxonomy). */
export function applyClassification(cx: ApplyContext, e: ArticleClassified, seq: number): boolean {
  const { st, store } = cx;
  versionSeq(cx, e.data.taxonomy_version, seq);
  const row = toRow(e, seq);
  // A new article (nearly every event) costs one INSERT; only one seen before is read back.
  const inserted = st.insertArticle.run(row).changes === 1;
  const existing = inserted ? undefined : st.getArticle.get(row.article_id);
  if (existing && isStale(cx, existing, e.data.taxonomy_version, seq)) return false;
  // Its old development's counts include its old fields.
  cx.summaries.forget(existing?.development_id ?? null);
  const sameGrouping = existing?.relevant === 1 && row.relevant === 1 && GROUPING_FIELDS.every((k) => existing[k] === row[k]);
  // Keep the current assignment; regroup moves it if the grouping inputs changed.
  row.development_id = existing?.development_id ?? null;
  row.is_lead = existing?.is_lead ?? 0;
  row.lead_article_id = existing?.lead_article_id ?? null;
  const before: GroupedArticle | undefined = existing?.relevant === 1 && !sameGrouping ? store.toGrouped(existing) : undefined;
  if (!inserted) st.upsertArticle.run(row);
  const current = row.relevant === 1 ? store.toGrouped(row) : undefined;
  store.noteRow(row.article_id, current);
  let changes: Regrouped[] = [];
  if (!sameGrouping && (row.relevant === 1 || before)) {
    changes = regroup(store, current ?? before!, before, cx.windowMs, current);
  }
  const plan = applyDevelopmentIds(st, changes, seq);
  const touched = new Set(plan.touched);
  // Its development is re-summarised even when it stays in it: its topics, title or outlet may have changed.
  if (existing?.development_id) touched.add(existing.development_id);
  const merged = new Set(plan.merged);
  // The usual event: this article joins one development and nothing else moves.
  const joinedOnly = changes.length === 1 && changes[0]!.articleId === row.article_id && changes[0]!.from === null ? plan.articles[0]!.to : null;
  for (const dev of [...touched].sort()) refreshDevelopment(cx, dev, merged.has(dev), e, seq, dev === joinedOnly ? row : undefined);
  return true;
}

function refreshDevelopment(cx: ApplyContext, dev: string, merged: boolean, e: ArticleClassified, seq: number, joined: ArticleRow | undefined): void {
  const { st, summaries } = cx;
  const before = summaries.current(dev);
  const after = summaries.summarize(dev, joined);
  if (!after) {
    summaries.set(dev, undefined);
    return;
  }
  const row = toDevelopmentRow(after);
  if (before && sameRow(before, row)) return;
  summaries.set(dev, row);
  // A development with a row was announced when the row was first written.
  const announced = before !== undefined || st.isAnnounced.get(dev) !== undefined;
  const replay = e.data.replay ? { eventTime: e.time, windowMs: cx.windowMs } : undefined;
  const change = developmentChange(before, after, announced, merged, replay);
  if (!announced) st.announce.run(dev, seq);
  if (change.kind === "none") return;
  const event = change.kind === "opened" ? developmentOpenedEvent({ ...after, change: "opened" }, e.time) : developmentUpdatedEvent({ ...after, change: change.change }, e.time);
  const subject = change.kind === "opened" ? SUBJECTS.developmentOpened : SUBJECTS.developmentUpdated;
  const sentAt = seq <= cx.outboxSentUpTo ? "rebuild" : null;
  cx.outboxAdded += st.addOutbox.run(event.id, subject, JSON.stringify(event), seq, sentAt).changes;
}
