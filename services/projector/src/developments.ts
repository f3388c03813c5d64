/**
 * Which development a relevant article joins. Pure and deterministic.
 *
 * The grouping is leader clustering in a canonical order. Articles are
 * ordered by (discovered_at, article_id). Walking that order, an article
 * joins the development of the best-matching *lead* discovered before it and
 * at most `windowHours` (48 h) earlier; if no lead matches, it becomes the lead
 * of a new group. Because a newcomer is compared with leads only (the
 * development's stable features, never a drifting centroid or its latest
 * member), the partition is a function of the set of articles, not of the
 * order they arrived in: an article that arrives late is put in its place and
 * the later ones re-checked (see regroup.ts).
 *
 * The public development id is NOT a function of the set: it is given when a
 * development opens (derived from its lead then) and kept when the lead
 * changes, e.g. when an earlier copy polled from another feed is projected
 * after the first one was alerted (plan-development-ids.ts). An id users were
 * alerted about must stay valid, and the alerter must not announce the same
 * story twice under a new id; a story merged into another keeps answering
 * through development_aliases. Determinism comes from the stream order
 * instead: a rebuild or a restart replays the same stream in the same order
 * and gives the same ids, while another arrival order gives the same groups
 * under possibly other ids (which is what the tests compare across orders).
 *
 * A newcomer matches a lead when one of these holds (first match wins; the
 * score ranks several matching leads; ties go to the earlier lead):
 *
 *  1. same link: equal canonical URL (tracking parameters, www., AMP stripped);
 *  2. near-identical title: Dice of salient title stems ≥ 0.7 with ≥ 3
 *     stems each (a syndicated copy with small edits);
 *  3. same text: Dice of salient title+summary stems ≥ 0.55 (a rewrite of
 *     the same wire copy; at 0.5, two days' market reports of a wire joined);
 *  4. same facts: a shared topic, and salient-stem Dice ≥ 0.25 with a shared
 *     distinctive number ("300 prisoners"), or Dice ≥ 0.4 with two shared
 *     entities (a rewrite that keeps the facts and the names). Names alone
 *     are weak: the same two envoys appear in many stories a day;
 *  5. across languages (one Cyrillic, one Latin, so stems cannot compare):
 *     a shared topic, a shared entity and two shared distinctive numbers, or
 *     one such number and three shared entities. Numbers and names are the
 *     only facts that survive translation; both are required so that two
 *     "Zelensky on territory" stories of the same day stay apart.
 *
 * Rules 2–4 are vetoed when each title has a number the other lacks: "key
 * events, day 1,453" and "day 1,454", or a show "02/18/2026" and
 * "02/19/2026", are two stories with the same words ("10 to 15 days" and
 * "10 to 15 days ... 02/20/2026" are not vetoed: one adds, none contradicts).
 *
 * Thresholds were set on hand-made cases of syndicated, rewritten and
 * different-story pairs (developments.test.ts); salient stems exclude the
 * words every talks article shares (article-features.ts).
 */
import { stableId } from "@gw/events";
import { dice, overlap, type ArticleFeatures } from "./article-features.ts";
import { RecentCache } from "./recent-cache.ts";

export const TITLE_DICE = 0.7;
export const TITLE_MIN_STEMS = 3;
export const TEXT_DICE = 0.55;
export const FACTS_NUMBER_DICE = 0.25;
export const FACTS_ENTITIES_DICE = 0.4;

export type MatchRule = "same-link" | "same-title" | "same-text" | "same-facts" | "cross-language";

export interface Match {
  rule: MatchRule;
  score: number;
}

/** One Cyrillic, one Latin: stems cannot compare, only rule 5 (or a shared link) applies. */
export function acrossScripts(a: ArticleFeatures, lead: ArticleFeatures): boolean {
  return a.script !== lead.script && a.script !== "other" && lead.script !== "other";
}

/** The veto of rules 2–4: each title has a number the other lacks. */
export function titleNumbersClash(a: ArticleFeatures, lead: ArticleFeatures): boolean {
  const shared = overlap(a.titleNumbers, lead.titleNumbers);
  return shared < a.titleNumbers.length && shared < lead.titleNumbers.length;
}

/** Does `a` tell the same story as the lead `lead`? Null when it does not. */
export function matchLead(a: ArticleFeatures, lead: ArticleFeatures): Match | null {
  if (a.urlKey !== "" && a.urlKey === lead.urlKey) return { rule: "same-link", score: 3 };
  const topics = overlap(a.topics, lead.topics);
  const entities = overlap(a.entities, lead.entities);
  const numbers = overlap(a.numbers, lead.numbers);
  if (acrossScripts(a, lead)) {
    const safe = topics >= 1 && entities >= 1 && (numbers >= 2 || (numbers >= 1 && entities >= 3));
    return safe ? { rule: "cross-language", score: 1 + numbers * 0.1 + entities * 0.05 } : null;
  }
  if (titleNumbersClash(a, lead)) return null;
  const title = dice(a.title, lead.title);
  if (title >= TITLE_DICE && a.title.length >= TITLE_MIN_STEMS && lead.title.length >= TITLE_MIN_STEMS) {
    return { rule: "same-title", score: 2 + title };
  }
  const text = dice(a.text, lead.text);
  if (text >= TEXT_DICE) return { rule: "same-text", score: 1 + text };
  const facts = topics >= 1 && ((text >= FACTS_NUMBER_DICE && numbers >= 1) || (text >= FACTS_ENTITIES_DICE && entities >= 2));
  if (facts) return { rule: "same-facts", score: 1 + text };
  return null;
}

/*
 * Necessary conditions of a match, for the lead index (lead-index.ts) to
 * skip leads before scoring; matchLead decides. A lead that shares with `a`
 * no link and no distinctive number can only match by rules 2–4 without a
 * number: same script, no title-number veto, and title Dice ≥ TITLE_DICE
 * (≥ TITLE_MIN_STEMS stems each) or text Dice ≥ min(TEXT_DICE,
 * FACTS_ENTITIES_DICE). Title stems are text stems too.
 */
const TEXT_DICE_MIN = Math.min(TEXT_DICE, FACTS_ENTITIES_DICE);
const SLACK = 1e-9;

/**
 * From the count of shared salient stems: Dice ≥ t means
 * shared ≥ t/2·(|A|+|B|); same-title needs ≥ 3 shared title stems.
 */
export function couldMatchByStems(shared: number, a: ArticleFeatures, lead: ArticleFeatures): boolean {
  return shared >= TITLE_MIN_STEMS || shared >= (TEXT_DICE_MIN / 2) * (a.text.length + lead.text.length) - SLACK;
}

/**
 * Could ANY lead that shares at most `text` of `a`'s salient stems, `title`
 * of them in `a`'s title, match `a` by rules 2–4 without a number? Since a
 * lead shares at most all of its own stems (shared ≤ |B|), Dice ≥ t needs
 * shared ≥ t·|A|/(2−t) whatever |B| is; same-title also needs shared title
 * stems ≥ t·TITLE_MIN_STEMS. When a newcomer's commonest stems alone cannot
 * reach this, a lead must share one of its rarer stems: the index reads
 * only the rare stems' postings.
 */
export function stemRulesReachable(text: number, title: number, a: ArticleFeatures): boolean {
  if (text >= (TEXT_DICE_MIN * a.text.length) / (2 - TEXT_DICE_MIN) - SLACK) return true;
  return a.title.length >= TITLE_MIN_STEMS && title >= TITLE_DICE * TITLE_MIN_STEMS - SLACK && title >= (TITLE_DICE * a.title.length) / (2 - TITLE_DICE) - SLACK;
}

export interface Lead {
  articleId: string;
  /** discovered_at in ms. */
  time: number;
  features: ArticleFeatures;
}

export interface Newcomer extends Lead {}

/** Canonical order: discovered time, then article id. */
export function compareKey(a: { time: number; articleId: string }, b: { time: number; articleId: string }): number {
  return a.time - b.time || (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0);
}

/** The first index of `sorted` (in canonical order) whose key is not before `k`. */
export function lowerBound(sorted: ReadonlyArray<{ time: number; articleId: string }>, k: { time: number; articleId: string }): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKey(sorted[mid]!, k) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ids of new developments, memoised (a SHA-256 each); a development keeps its id when its lead changes. */
const devIds = new RecentCache<string, string>(4096);

export function developmentIdOf(leadArticleId: string): string {
  let id = devIds.get(leadArticleId);
  if (id === undefined) {
    id = `dev-${stableId("development", leadArticleId)}`;
    devIds.set(leadArticleId, id);
  }
  return id;
}

export type Assignment = { lead: Lead; match: Match } | { lead: null };

/**
 * Picks the lead `a` joins among `leads` (the caller passes the leads before
 * `a` in canonical order; those older than the window are ignored here).
 */
export function assignDevelopment(leads: Iterable<Lead>, a: Newcomer, windowMs: number): Assignment {
  let best: { lead: Lead; match: Match } | null = null;
  for (const lead of leads) {
    if (compareKey(lead, a) >= 0 || a.time - lead.time > windowMs) continue;
    const m = matchLead(a.features, lead.features);
    if (!m) continue;
    if (!best || m.score > best.match.score || (m.score === best.match.score && compareKey(lead, best.lead) < 0)) best = { lead, match: m };
  }
  return best ?? { lead: null };
}
