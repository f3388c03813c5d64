import { acrossScripts, compareKey, couldMatchByStems, lowerBound, stemRulesReachable, titleNumbersClash, type Lead } from "./developments.ts";
import { overlap, type ArticleFeatures } from "./article-features.ts";

type Postings = Map<string, Set<Lead>>;
const NONE: ReadonlySet<Lead> = new Set();

/**
 * Leads discovered in [from, to), in canonical order and under inverted
 * indexes, so a newcomer is scored only against the leads it could match
 * (a few, not the thousands of a busy 48 h window). Every rule of matchLead
 * needs a shared link or distinctive number (read from their postings), or
 * else shared salient stems with no title-number veto; for those the index
 * reads whichever is shorter of
 * - the leads whose title shares a number with the newcomer's, plus those
 *   with none in the title (any other is vetoed), or
 * - the postings of the newcomer's rarer stems: its commonest stems alone
 *   cannot reach a Dice threshold (stemRulesReachable), so a lead that
 *   matches shares at least one of the others.
 * Templated coverage shares most words, and real coverage shares the domain's
 * common ones: counting every shared stem made each newcomer visit every lead.
 * A cache of the `is_lead` rows, kept in step by `set`; loads, grows and
 * evicts in bulk.
 */
export class LeadIndex {
  private leads: Lead[] = [];
  private readonly byId = new Map<string, Lead>();
  private readonly links: Postings = new Map();
  private readonly numbers: Postings = new Map();
  private readonly titleNumbers: Postings = new Map();
  private readonly noTitleNumbers = new Set<Lead>();
  private readonly stems: Postings = new Map();

  constructor(
    private readonly load: (fromMs: number, toMs: number) => Lead[],
    public from: number,
    public readonly to: number = Infinity,
  ) {
    for (const l of load(from, to)) {
      this.index(l);
      this.leads.push(l);
    }
    this.leads.sort(compareKey);
  }

  covers(fromMs: number, toMs: number): boolean {
    return fromMs >= this.from && toMs <= this.to;
  }

  /** Leads before `a` (canonical order), discovered at or after `fromMs` (≥ this.from), that could match `a`. */
  candidates(a: Lead, fromMs: number): Lead[] {
    const f = a.features;
    const inWindow = (l: Lead) => l.time >= fromMs && compareKey(l, a) < 0;
    const out = new Set<Lead>();
    const strong = (set: ReadonlySet<Lead> | undefined) => {
      for (const l of set ?? NONE) if (inWindow(l)) out.add(l);
    };
    if (f.urlKey !== "") strong(this.links.get(f.urlKey));
    for (const n of f.numbers) strong(this.numbers.get(n));
    const seen = new Set<Lead>(out);
    for (const set of this.stemCandidates(f)) {
      for (const l of set) {
        if (seen.has(l)) continue;
        seen.add(l);
        const g = l.features;
        if (!inWindow(l) || acrossScripts(f, g) || titleNumbersClash(f, g)) continue;
        if (couldMatchByStems(overlap(f.text, g.text), f, g)) out.add(l);
      }
    }
    return [...out];
  }

  /** Postings that hold every lead `f` could match by stems alone (the cheaper of two covers). */
  private stemCandidates(f: ArticleFeatures): ReadonlySet<Lead>[] {
    const byStem = f.text.map((s) => ({ inTitle: f.title.includes(s), leads: this.stems.get(s) ?? NONE })).sort((x, y) => y.leads.size - x.leads.size);
    let text = 0;
    let title = 0;
    while (text < byStem.length) {
      const t = title + (byStem[text]!.inTitle ? 1 : 0);
      if (stemRulesReachable(text + 1, t, f)) break;
      text++;
      title = t;
    }
    const rare = byStem.slice(text).map((s) => s.leads);
    if (f.titleNumbers.length === 0) return rare;
    const byNumber = [this.noTitleNumbers, ...f.titleNumbers.map((n) => this.titleNumbers.get(n) ?? NONE)];
    const cost = (sets: ReadonlySet<Lead>[]) => sets.reduce((sum, s) => sum + s.size, 0);
    return cost(byNumber) < cost(rare) ? byNumber : rare;
  }

  /** Records that `lead` is (or is no longer, when `isLead` is false) a lead. */
  set(lead: Lead, isLead: boolean): void {
    const old = this.byId.get(lead.articleId);
    if (old) {
      this.unindex(old);
      const i = lowerBound(this.leads, old);
      if (this.leads[i] === old) this.leads.splice(i, 1);
    }
    if (isLead && lead.time >= this.from && lead.time < this.to) {
      this.index(lead);
      this.leads.splice(lowerBound(this.leads, lead), 0, lead);
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
    const cut = lowerBound(this.leads, { time: beforeMs, articleId: "" });
    for (const l of this.leads.slice(0, cut)) this.unindex(l);
    this.leads = this.leads.slice(cut);
    this.from = beforeMs;
  }

  get size(): number {
    return this.leads.length;
  }

  private index(lead: Lead): void {
    this.byId.set(lead.articleId, lead);
    if (lead.features.titleNumbers.length === 0) this.noTitleNumbers.add(lead);
    this.post(lead, (postings, k) => {
      let set = postings.get(k);
      if (!set) postings.set(k, (set = new Set()));
      set.add(lead);
    });
  }

  private unindex(lead: Lead): void {
    this.byId.delete(lead.articleId);
    this.noTitleNumbers.delete(lead);
    this.post(lead, (postings, k) => {
      const set = postings.get(k);
      set?.delete(lead);
      if (set?.size === 0) postings.delete(k);
    });
  }

  /** The keys a lead is filed under, each passed to `visit`. */
  private post(lead: Lead, visit: (postings: Postings, key: string) => void): void {
    const f = lead.features;
    if (f.urlKey !== "") visit(this.links, f.urlKey);
    for (const n of f.numbers) visit(this.numbers, n);
    for (const n of f.titleNumbers) visit(this.titleNumbers, n);
    for (const s of f.text) visit(this.stems, s);
  }
}
