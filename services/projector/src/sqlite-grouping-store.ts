import { articleFeatures, type ArticleFeatures } from "./article-features.ts";
import type { Lead } from "./developments.ts";
import { LeadIndex } from "./lead-index.ts";
import type { GroupedArticle, GroupingStore, Key } from "./regroup.ts";
import type { ArticleRow, Statements } from "./statements.ts";

export const iso = (ms: number): string => new Date(ms).toISOString();

type GroupingRow = Pick<ArticleRow, "article_id" | "discovered_at" | "url" | "title" | "summary" | "lang" | "topics" | "entities" | "is_lead" | "development_id">;

export function featuresOfRow(r: GroupingRow): ArticleFeatures {
  return articleFeatures({ url: r.url, title: r.title, summary: r.summary, lang: r.lang, topics: JSON.parse(r.topics) as string[], entities: JSON.parse(r.entities) as string[] });
}

/**
 * regroup's view of the `articles` table, inside the batch transaction: reads
 * see the writes made before them, and the lead index mirrors `is_lead`.
 * Every assignment also keeps `development_articles` in step.
 */
export class SqliteGroupingStore implements GroupingStore {
  readonly leads: LeadIndex;
  /**
   * Features by article, checked against the fields they derive from: a
   * re-walk after a late article re-reads dozens of rows, and tokenising is
   * the costliest step of grouping. Bounded; cleared when full.
   */
  private readonly cache = new Map<string, { fp: string; features: ArticleFeatures }>();

  constructor(private readonly st: Statements) {
    this.leads = new LeadIndex((from, to) => st.leadsBetween.all(iso(from), Number.isFinite(to) ? iso(to) : "9999").map((r) => this.toGrouped(r)));
  }

  featuresOf(r: GroupingRow): ArticleFeatures {
    const fp = `${r.url}\u0000${r.title}\u0000${r.summary}\u0000${r.topics}\u0000${r.entities}\u0000${r.lang ?? ""}`;
    const hit = this.cache.get(r.article_id);
    if (hit?.fp === fp) return hit.features;
    if (this.cache.size >= 50_000) this.cache.clear();
    const features = featuresOfRow(r);
    this.cache.set(r.article_id, { fp, features });
    return features;
  }

  toGrouped(r: GroupingRow): GroupedArticle {
    const features = this.featuresOf(r);
    return { articleId: r.article_id, time: Date.parse(r.discovered_at), features, isLead: r.is_lead === 1, developmentId: r.development_id };
  }

  candidateLeads(a: Lead, fromMs: number): Lead[] {
    return this.leads.candidates(a, fromMs);
  }

  articlesFrom(from: Key, untilMs: number, inclusive: boolean): GroupedArticle[] {
    const stmt = inclusive ? this.st.relevantFrom : this.st.relevantAfter;
    const t = iso(from.time);
    return stmt.all(t, t, from.articleId, iso(untilMs)).map((r) => this.toGrouped(r));
  }

  assign(a: GroupedArticle, developmentId: string | null, isLead: boolean): void {
    this.st.assign.run(developmentId, isLead ? 1 : 0, a.articleId);
    this.st.unlinkArticle.run(a.articleId);
    if (developmentId) this.st.linkArticle.run(developmentId, a.articleId, iso(a.time));
    this.leads.set(a, isLead);
  }
}
