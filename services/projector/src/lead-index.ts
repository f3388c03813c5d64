import { compareKey, couldMatchByStems, indexKeys, type Lead } from "./developments.ts";
import type { Key } from "./regroup.ts";

/**
 * The leads of recent developments in memory, in canonical order and under
 * an inverted index of their link, numbers and salient stems, so a newcomer
 * is scored only against the leads it could match (a few, not the hundreds
 * of a 48 h window). It is a cache of the `is_lead` rows: it covers
 * [coveredFrom, ∞) and loads older leads from SQLite on demand (a
 * reclassified old article). Dropped whole after a failed transaction; evicts
 * what the newest articles can no longer reach.
 */
export class LeadIndex {
  private leads: Lead[] = [];
  private readonly postings = new Map<string, Set<Lead>>();
  private readonly byId = new Map<string, Lead>();
  private coveredFrom = Infinity;

  constructor(private readonly load: (fromMs: number, toMs: number) => Lead[]) {}

  /** Leads before `a` (canonical order), discovered at or after `fromMs`, that could match `a`. */
  candidates(a: Lead, fromMs: number): Lead[] {
    if (fromMs < this.coveredFrom) this.extend(fromMs);
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
    if (old) this.remove(old);
    if (isLead && lead.time >= this.coveredFrom) this.add(lead);
  }

  /** Forgets leads older than `beforeMs` (they are reloaded if ever needed). */
  evict(beforeMs: number): void {
    if (beforeMs <= this.coveredFrom) return;
    while (this.leads.length && this.leads[0]!.time < beforeMs) this.remove(this.leads[0]!);
    this.coveredFrom = beforeMs;
  }

  reset(): void {
    this.leads = [];
    this.postings.clear();
    this.byId.clear();
    this.coveredFrom = Infinity;
  }

  get size(): number {
    return this.leads.length;
  }

  private extend(fromMs: number): void {
    const older = this.load(fromMs, this.coveredFrom);
    this.coveredFrom = fromMs;
    for (const l of older) this.add(l);
  }

  private add(lead: Lead): void {
    this.byId.set(lead.articleId, lead);
    this.leads.splice(this.lowerBound(lead), 0, lead);
    const keys = indexKeys(lead.features);
    for (const k of [...keys.strong, ...keys.stems.map((s) => `s:${s}`)]) {
      let set = this.postings.get(k);
      if (!set) this.postings.set(k, (set = new Set()));
      set.add(lead);
    }
  }

  private remove(lead: Lead): void {
    this.byId.delete(lead.articleId);
    const i = this.lowerBound(lead);
    if (this.leads[i] === lead) this.leads.splice(i, 1);
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
