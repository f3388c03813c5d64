import { articleFeatures, type ArticleFeatures } from "./article-features.ts";
import { compareKey, type Lead } from "./developments.ts";
import { LeadIndex } from "./lead-index.ts";
import { RecentCache } from "./recent-cache.ts";
import { RelevantWindow } from "./relevant-window.ts";
import type { GroupedArticle, GroupingStore, Key } from "./regroup.ts";
import type { ArticleRow, Statements } from "./statements.ts";

/** At most this many relevant articles kept in memory with their features (~1 KB each) by default; older starts read the file. */
const WINDOW_MAX_ARTICLES = 4096;

export const iso = (ms: number): string => new Date(ms).toISOString();

type GroupingRow = Pick<ArticleRow, "article_id" | "discovered_at" | "url" | "title" | "summary" | "lang" | "topics" | "entities" | "is_lead" | "lead_article_id" | "classified_seq">;

function featuresOfRow(r: GroupingRow): ArticleFeatures {
  return articleFeatures({ url: r.url, title: r.title, summary: r.summary, lang: r.lang, topics: JSON.parse(r.topics) as string[], entities: JSON.parse(r.entities) as string[] });
}

/**
 * regroup's view of the `articles` table, inside the batch transaction: reads
 * see the writes made before them, and the lead index mirrors `is_lead`.
 * It writes the grouping's own columns (`lead_article_id`, `is_lead`); the
 * public `development_id` and `development_articles` follow once the walk is
 * over (apply-development-ids.ts).
 */
export class SqliteGroupingStore implements GroupingStore {
  /** Leads of the recent past, [from, ∞): where live traffic looks. */
  private recent: LeadIndex | undefined;
  /** Leads of an older range, for a reclassified or very late article; dropped after each batch. */
  private archive: LeadIndex | undefined;
  /** Relevant articles of the same recent past, with their features: where a re-walk reads. */
  private window: RelevantWindow | undefined;
  /** The window hit its size cap: it no longer grows down (reloading what the cap dropped would thrash). */
  private windowCapped = false;
  private readonly loadLeads: (from: number, to: number) => Lead[];
  private readonly loadRelevant: (from: number, to: number) => GroupedArticle[];
  /**
   * Features by article, valid for the classification event the row came
   * from (`classified_seq`: a row changes only with a new event, and a
   * failed batch drops the cache): a re-walk after a late article re-reads
   * dozens of rows, and tokenising is the costliest step of grouping.
   * Bounded by recency (a walk reads the recent past; leads keep their
   * features in the lead index anyway): nothing grows with all-time articles.
   */
  private readonly cache = new RecentCache<string, { seq: number; features: ArticleFeatures }>(2048);

  /**
   * At or after the key of every relevant article in the file (null: none;
   * undefined: not known yet). Live traffic and a replay mostly add the
   * newest article, and a walk from it then has nothing after it to read.
   */
  private newestRelevant: Key | null | undefined;

  constructor(
    private readonly st: Statements,
    private readonly windowMs: number,
    private readonly windowMax: number = WINDOW_MAX_ARTICLES,
  ) {
    const until = (to: number) => (Number.isFinite(to) ? iso(to) : "9999");
    this.loadLeads = (from, to) => st.leadsBetween.all(iso(from), until(to)).map((r) => this.toGrouped(r));
    this.loadRelevant = (from, to) => st.relevantBetween.all(iso(from), until(to)).map((r) => this.toGrouped(r));
  }

  /** Drops the indexes (after a failed transaction they may be ahead of the file). */
  reset(): void {
    this.newestRelevant = undefined;
    this.recent = undefined;
    this.archive = undefined;
    this.window = undefined;
    this.windowCapped = false;
    this.cache.clear();
  }

  /** End of a batch: forget the archive, and recent leads no newcomer can reach any more. */
  settle(newestMs: number): void {
    this.archive = undefined;
    if (this.recent && this.recent.from < newestMs - 4 * this.windowMs) this.recent.evict(newestMs - 3 * this.windowMs);
    if (this.window && this.window.from < newestMs - 4 * this.windowMs) this.window.evict(newestMs - 3 * this.windowMs);
    // A busy window (tens of thousands of relevant articles in 48 h) would cost the live service its RSS budget.
    if (this.window && this.window.size > this.windowMax) {
      this.window.keepNewest(this.windowMax);
      this.windowCapped = true;
    }
  }

  featuresOf(r: GroupingRow): ArticleFeatures {
    const hit = this.cache.get(r.article_id);
    if (hit?.seq === r.classified_seq) return hit.features;
    const features = featuresOfRow(r);
    this.cache.set(r.article_id, { seq: r.classified_seq, features });
    return features;
  }

  toGrouped(r: GroupingRow): GroupedArticle {
    const features = this.featuresOf(r);
    return { articleId: r.article_id, time: Date.parse(r.discovered_at), features, isLead: r.is_lead === 1, leadId: r.lead_article_id };
  }

  /**
   * The recent index answers live traffic and grows down a little for a late
   * article; anything older is answered from an archive index loaded around
   * it (a reclassification walks forward from there), so one old article
   * never drags months of leads into memory.
   */
  candidateLeads(a: Lead, fromMs: number): Lead[] {
    this.recent ??= new LeadIndex(this.loadLeads, fromMs);
    if (fromMs >= this.recent.from - 2 * this.windowMs) {
      this.recent.extendDown(fromMs);
      return this.recent.candidates(a, fromMs);
    }
    const oldTo = Math.min(a.time + 1, this.recent.from);
    // Two windows: a re-walk from an old article asks for [t - W, t + W) as it moves forward.
    if (!this.archive?.covers(fromMs, oldTo)) this.archive = new LeadIndex(this.loadLeads, fromMs, Math.max(oldTo, Math.min(fromMs + 2 * this.windowMs + 1, this.recent.from)));
    const old = this.archive.candidates(a, fromMs);
    return a.time >= this.recent.from ? old.concat(this.recent.candidates(a, this.recent.from)) : old;
  }

  /** Records the article's row as written (`grouped` when it is relevant: its grouping view). */
  noteRow(articleId: string, grouped: GroupedArticle | undefined): void {
    if (!grouped) {
      this.window?.remove(articleId);
      return;
    }
    this.window?.put(grouped);
    const n = this.newest();
    if (n === null || compareKey(grouped, n) > 0) this.newestRelevant = { time: grouped.time, articleId: grouped.articleId };
  }

  articlesFrom(from: Key, untilMs: number, inclusive: boolean): GroupedArticle[] {
    const n = this.newest();
    const c = n === null ? -1 : compareKey(n, from);
    if (c < 0 || (c === 0 && !inclusive)) return [];
    // Near the recent past (a late article), the window serves it; older starts (a reclassification) read the file.
    // It starts at most two windows back, so a first read from months ago does not load months of articles.
    this.window ??= new RelevantWindow(this.loadRelevant, Math.max(from.time, n!.time - 2 * this.windowMs));
    if (from.time >= this.window.from - (this.windowCapped ? 0 : 2 * this.windowMs)) {
      this.window.extendDown(from.time);
      return this.window.range(from, untilMs, inclusive);
    }
    const stmt = inclusive ? this.st.relevantFrom : this.st.relevantAfter;
    const t = iso(from.time);
    return stmt.all(t, t, from.articleId, iso(untilMs)).map((r) => this.toGrouped(r));
  }

  private newest(): Key | null {
    if (this.newestRelevant === undefined) {
      const r = this.st.newestRelevant.get();
      this.newestRelevant = r ? { time: Date.parse(r.discovered_at), articleId: r.article_id } : null;
    }
    return this.newestRelevant;
  }

  assign(a: GroupedArticle, leadId: string | null, isLead: boolean): void {
    this.st.assign.run(leadId, isLead ? 1 : 0, a.articleId);
    this.recent?.set(a, isLead);
    this.archive?.set(a, isLead);
    this.window?.assign(a.articleId, leadId, isLead);
  }
}
