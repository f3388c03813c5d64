import { compareKey, lowerBound } from "./developments.ts";
import type { GroupedArticle, Key } from "./regroup.ts";

/**
 * The relevant articles discovered in [from, ∞), in canonical order, with
 * their features: a mirror of the `relevant = 1` rows of that range, kept in
 * step by the grouping store's writes. A re-walk (a late or reclassified
 * article that opens or closes a development re-checks the 48 h after it)
 * reads hundreds of rows at a time; from here it costs neither a query nor
 * re-tokenising them. Loads once and grows down in bulk; the store evicts
 * what no newcomer can reach.
 */
export class RelevantWindow {
  private entries: GroupedArticle[] = [];
  private readonly byId = new Map<string, GroupedArticle>();

  constructor(
    private readonly load: (fromMs: number, toMs: number) => GroupedArticle[],
    public from: number,
  ) {
    this.entries = load(from, Infinity);
    for (const e of this.entries) this.byId.set(e.articleId, e);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Articles from `key` (inclusive or not) discovered at or before `untilMs`; `key.time` must be ≥ from. */
  range(key: Key, untilMs: number, inclusive: boolean): GroupedArticle[] {
    let i = lowerBound(this.entries, key);
    if (!inclusive && i < this.entries.length && compareKey(this.entries[i]!, key) === 0) i++;
    let j = i;
    while (j < this.entries.length && this.entries[j]!.time <= untilMs) j++;
    return this.entries.slice(i, j);
  }

  /** Records the current state of a relevant article (replacing any earlier one); ignored before `from`. */
  put(a: GroupedArticle): void {
    this.remove(a.articleId);
    if (a.time < this.from) return;
    this.entries.splice(lowerBound(this.entries, a), 0, a);
    this.byId.set(a.articleId, a);
  }

  /** Records that an article is no longer relevant (or never was). */
  remove(articleId: string): void {
    const old = this.byId.get(articleId);
    if (!old) return;
    this.byId.delete(articleId);
    const i = lowerBound(this.entries, old);
    if (this.entries[i] === old) this.entries.splice(i, 1);
  }

  /** Its grouping columns changed (`lead_article_id`, `is_lead`). */
  assign(articleId: string, leadId: string | null, isLead: boolean): void {
    const old = this.byId.get(articleId);
    if (!old || (old.leadId === leadId && old.isLead === isLead)) return;
    const next = { ...old, leadId, isLead };
    const i = lowerBound(this.entries, old);
    if (this.entries[i] === old) this.entries[i] = next;
    this.byId.set(articleId, next);
  }

  /** Covers [fromMs, ∞) from now on, loading the older articles in one query. */
  extendDown(fromMs: number): void {
    if (fromMs >= this.from) return;
    const older = this.load(fromMs, this.from);
    for (const e of older) this.byId.set(e.articleId, e);
    this.entries = older.concat(this.entries);
    this.from = fromMs;
  }

  /** Forgets articles older than `beforeMs` (read from the file if ever needed again). */
  evict(beforeMs: number): void {
    if (beforeMs <= this.from) return;
    const cut = lowerBound(this.entries, { time: beforeMs, articleId: "" });
    for (const e of this.entries.slice(0, cut)) this.byId.delete(e.articleId);
    this.entries = this.entries.slice(cut);
    this.from = beforeMs;
  }

  /** Forgets the oldest articles beyond the newest `n` (articles discovered at the same instant stay together). */
  keepNewest(n: number): void {
    if (this.entries.length <= n) return;
    this.evict(n > 0 ? this.entries[this.entries.length - n]!.time : this.entries.at(-1)!.time + 1);
  }
}
