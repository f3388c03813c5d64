/**
 * Keeps the grouping of developments.ts true when articles arrive in any
 * order or change. The grouping is defined by one walk over all relevant
 * articles in canonical order; this module redoes only the part of that walk
 * an insertion, change or removal can affect:
 *
 * - nothing before the changed article moves (an article only looks back);
 * - after it, an article's assignment depends only on the leads in the
 *   window before it, so re-walking can stop once no lead has changed (flag
 *   or features) within `windowMs` before the next article;
 * - on the way, an article is re-assigned only if its own lead changed or
 *   a new or changed lead matches it; the others keep their best lead.
 *
 * Live traffic arrives nearly in order, so the walk is usually the article
 * itself; a late article re-checks the few after it; a reclassified old lead
 * re-checks its window. The result equals a full walk over the set, so the
 * order of arrival cannot change it (regroup.test.ts checks permutations).
 */
import { assignDevelopment, compareKey, matchLead, type Lead } from "./developments.ts";

/**
 * A relevant article as the grouping sees it. A group is named by its lead's
 * article id (a function of the set of articles); the public development id
 * is given to groups afterwards (plan-development-ids.ts).
 */
export interface GroupedArticle extends Lead {
  isLead: boolean;
  /** The article id of its group's lead (its own when it leads); null while unassigned. */
  leadId: string | null;
}

export interface Key {
  time: number;
  articleId: string;
}

/** What regroup needs from storage; reads must see its own earlier writes. */
export interface GroupingStore {
  /**
   * Current leads before `a` (canonical order) discovered at or after
   * `fromMs`; may leave out leads that cannot match `a` (an index).
   */
  candidateLeads(a: Lead, fromMs: number): Iterable<Lead>;
  /** Relevant articles from `from` (inclusive) in canonical order, discovered at or before `untilMs`. */
  articlesFrom(from: Key, untilMs: number, inclusive: boolean): GroupedArticle[];
  assign(article: GroupedArticle, leadId: string | null, isLead: boolean): void;
}

/** An article whose group changed: `from` and `to` are lead article ids (null: no group). */
export interface Regrouped {
  articleId: string;
  time: number;
  from: string | null;
  to: string | null;
}

/**
 * Re-walks after a change to one article. `before` is its previous relevant
 * state (undefined if it was irrelevant or new); the store already holds its
 * new state (present in `articlesFrom` only if it is relevant now).
 * `current`, the new state when relevant, saves reading it back when the
 * walk starts at it (the usual case).
 */
export function regroup(store: GroupingStore, key: Key, before: GroupedArticle | undefined, windowMs: number, current?: GroupedArticle): Regrouped[] {
  const changes: Regrouped[] = [];
  let start = key;
  let horizon = key.time;
  if (before) {
    if (compareKey(before, key) < 0) start = before;
    if (before.isLead) horizon = Math.max(horizon, before.time + windowMs);
    store.assign(before, null, false); // out of the lead index until re-walked
  }
  // What the walk has changed so far: an article's assignment can only move if
  // its own lead changed (changedDevs) or a new or changed lead matches it.
  const changedDevs = new Set<string>(before?.isLead ? [before.articleId] : []);
  const newLeads: Lead[] = [];
  const affected = (y: GroupedArticle) =>
    (y.leadId !== null && changedDevs.has(y.leadId)) ||
    newLeads.some((l) => compareKey(l, y) < 0 && y.time - l.time <= windowMs && matchLead(y.features, l.features) !== null);
  let seenChanged = false;
  const startsAtCurrent = current !== undefined && start === key;
  let cursor: Key = start;
  let inclusive = !startsAtCurrent;
  let fetchedUntil = -Infinity;
  let chunk: GroupedArticle[] = startsAtCurrent ? [current] : [];
  for (;;) {
    for (const y of chunk) {
      cursor = y;
      const isChanged = y.articleId === key.articleId;
      if (!isChanged && !affected(y)) continue;
      const a = assignDevelopment(store.candidateLeads(y, y.time - windowMs), y, windowMs);
      const isLead = a.lead === null;
      const dev = a.lead?.articleId ?? y.articleId;
      const wasDev = isChanged ? (before?.leadId ?? null) : y.leadId;
      const wasLead = isChanged ? (before?.isLead ?? false) : y.isLead;
      if (isChanged || dev !== y.leadId || isLead !== y.isLead) store.assign(y, dev, isLead);
      if (dev !== wasDev) changes.push({ articleId: y.articleId, time: y.time, from: wasDev, to: dev });
      if (isLead !== wasLead || (isChanged && isLead)) {
        horizon = Math.max(horizon, y.time + windowMs);
        if (wasLead && !isChanged) changedDevs.add(y.articleId);
        if (isLead) newLeads.push(y);
      }
      if (isChanged) seenChanged = true;
    }
    // Nothing a later article depends on has changed: the walk is over.
    if (!inclusive && changedDevs.size === 0 && newLeads.length === 0) break;
    if (!(horizon > fetchedUntil || inclusive)) break;
    fetchedUntil = horizon;
    chunk = store.articlesFrom(cursor, fetchedUntil, inclusive);
    inclusive = false;
  }
  if (before && !seenChanged && before.leadId !== null) changes.push({ articleId: key.articleId, time: before.time, from: before.leadId, to: null });
  return changes;
}
