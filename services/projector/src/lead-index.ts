import { compareKey, couldMatchByStems, indexKeys, type Lead } from "./developments.ts";
import type { Key } from "./regroup.ts";

/**
 * Leads discovered in [from, to), in canonical order and under an inverted
 * index of their link, numbers and salient stems, so a newcomer is scored
 * only against the leads it could match (a few, not the hundreds of a 48 h
 * window). A cache of the `is_lead` rows, kept in step by `set`; loads,
 * grows and evicts in bulk.
 */
export class LeadIndex {
  private leads: Lead[] = [];
  private readonly postings = new Map<string, Set<Lead>>();
  private readonly byId = new Map<string, Lead>();

  constructor(
    private readonly load: (fromMs: number, toMs: number) => Lead[],
    public from: number,
    public readonly to: number = Infinity,
  ) {
    for (const l of load(from, to)) this.index(l);
    this.leads.sort(compareKey);
  }

  covers(fromMs: number, toMs: number): boolean {
    return fromMs >= this.from && toMs <= this.to;
  }

  /** Leads before `a` (canonical order), discovered at or after `fromMs` (≥ this.from), that could match `a`. */
  candidates(a: Lead, fromMs: number): Lead[] {
    const inWindow = (l: Lead) => l.time >= fromMs && compareKey(l, a) < 0;
    const out = new Set<Lead>();
    const keys = indexKeys(a.features);
    for (const k of keys.strong) for (const l of this.postings.get(k) ?? []) if (inWindow(l)) out.add(l);
    const shared = new Map<Lead, number>();
    for (const s of keys.stems) for (const l of this.postings.get(`s:${s}`) ?? []) shared.set(l, (shared.get(l) ?? 0) + 1);
    for (const [l, n] of shared) if (!out.has(l) && inWindow(l) && couldMatchByStems(n, a.features, l.features)) out.add(l);
    return [...out];
  }

  /** Records that `lead` is (or is no longer, when `isLead` is false) a lead. */
  set(lead: Lead, isLead: boolean): void {
    const old = this.byId.get(lead.articleId);
    if (old) {
      this.unindex(old);
      const i = this.lowerBound(old);
      if (this.leads[i] === old) this.leads.splice(i, 1);
    }
    if (isLead && lead.time >= this.from && lead.time < this.to) {
      this.index(lead);
      this.leads.splice(this.lowerBound(lead), 0, lead);
    }
  }

  /** Covers [fromMs, to) from now on, loading the older leads in one query. */
  extendDown(fromMs: number): void {
    if (fromMs >= this.from) return;
    const older = this.load(fromMs, this.from).sort(compareKey);
    for (const l of older) this.index(l);
    this.leads = older.concat(this.leads);
    this.from = fromMs;
  }

  /** Forgets leads older than `beforeMs` (they are reloaded if ever needed). */
  evict(beforeMs: number): void {
    if (beforeMs <= this.from) return;
    const cut = this.lowerBound({ time: beforeMs, articleId: "" });
    for (const l of this.leads.slice(0, cut)) this.unindex(l);
    this.leads = this.leads.slice(cut);
    this.from = beforeMs;
  }

  get size(): number {
    return this.leads.length;
  }

  private index(lead: Lead): void {
    this.byId.set(lead.articleId, lead);
    const keys = indexKeys(lead.features);
    for (const k of keys.strong) this.post(k, lead);
    for (const s of keys.stems) this.post(`s:${s}`, lead);
  }

  private post(k: string, lead: Lead): void {
    let set = this.postings.get(k);
    if (!set) this.postings.set(k, (set = new Set()));
    set.add(lead);
  }

  private unindex(lead: Lead): void {
    this.byId.delete(lead.articleId);
    const keys = indexKeys(lead.features);
    for (const k of [...keys.strong, ...keys.stems.map((s) => `s:${s}`)]) {
      const set = this.postings.get(k);
      set?.delete(lead);
      if (set?.size === 0) this.postings.delete(k);
    }
  }

  private lowerBound(k: Key): number {
    let lo = 0;
    let hi = this.leads.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKey(this.leads[mid]!, k) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
