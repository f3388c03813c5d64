import { describe, expect, it } from "vitest";
import { articleFeatures } from "./article-features.ts";
import { compareKey, type Lead } from "./developments.ts";
import { regroup, type GroupedArticle, type GroupingStore, type Key } from "./regroup.ts";

const H = 3600_000;
const W = 48 * H;

/** The grouping in memory: the reference the SQLite store must agree with. */
class MemoryStore implements GroupingStore {
  rows = new Map<string, GroupedArticle>();
  candidateLeads(before: Lead, fromMs: number): Lead[] {
    return [...this.rows.values()].filter((r) => r.isLead && compareKey(r, before) < 0 && r.time >= fromMs);
  }
  articlesFrom(from: Key, untilMs: number, inclusive: boolean): GroupedArticle[] {
    return [...this.rows.values()]
      .filter((r) => (inclusive ? compareKey(r, from) >= 0 : compareKey(r, from) > 0) && r.time <= untilMs)
      .sort(compareKey)
      .map((r) => ({ ...r }));
  }
  assign(a: GroupedArticle, dev: string | null, isLead: boolean) {
    const r = this.rows.get(a.articleId);
    if (r) Object.assign(r, { leadId: dev, isLead });
  }
  /** What the projector does per classification event. */
  apply(a: Lead, relevant = true) {
    const prev = this.rows.get(a.articleId);
    const before = prev ? { ...prev } : undefined;
    if (relevant) this.rows.set(a.articleId, { ...a, isLead: prev?.isLead ?? false, leadId: prev?.leadId ?? null });
    else this.rows.delete(a.articleId);
    return regroup(this, relevant ? a : (before ?? a), before, W);
  }
  /** Each article's group, named by its lead: the grouping's own key, a function of the set (public ids are given later). */
  partition() {
    return Object.fromEntries([...this.rows.values()].sort(compareKey).map((r) => [r.articleId, r.leadId]));
  }
}

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/**
 * Stories whose copies drift: copy k uses words k..k+6 of its story, so
 * neighbours match and distant copies do not. That is where a greedy
 * grouping depends on arrival order; the canonical walk must not.
 */
function corpus(): Lead[] {
  const out: Lead[] = [];
  for (let s = 0; s < 6; s++) {
    const words = Array.from({ length: 16 }, (_, i) => pseudoWord(s * 16 + i));
    for (let k = 0; k < 7; k++) {
      const title = words.slice(k, k + 7).join(" ");
      const time = s * 20 * H + k * 9 * H + (k % 3) * 1000;
      out.push({ articleId: `s${s}-c${k}`, time: k === 3 ? out.at(-1)!.time : time, features: articleFeatures({ url: `https://x.example/${s}/${k}`, title, summary: "", entities: [], topics: ["ceasefire"] }) });
    }
  }
  return out;
}

/** Distinct five-letter words that survive stemming intact. */
function pseudoWord(n: number): string {
  let w = "";
  for (let i = 0; i < 4; i++, n = Math.floor(n / 26)) w += String.fromCharCode(97 + (n % 26));
  return `q${w}`;
}

function shuffled<T>(xs: T[], r: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe("regroup", () => {
  const all = corpus();
  const reference = new MemoryStore();
  for (const a of [...all].sort(compareKey)) reference.apply(a);
  const expected = reference.partition();

  it("groups drifting copies into more than one development per story, deterministically", () => {
    const devs = new Set(Object.values(expected));
    expect(devs.size).toBeGreaterThan(6);
    expect(devs.size).toBeLessThan(all.length);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("gives the same partition (and leads) for arrival order #%i", (seed) => {
    const store = new MemoryStore();
    for (const a of shuffled(all, rng(seed))) store.apply(a);
    expect(store.partition()).toEqual(expected);
  });

  it("undoes a removal and a change as if they had never happened", () => {
    const store = new MemoryStore();
    for (const a of shuffled(all, rng(42))) store.apply(a);
    const lead = all.find((a) => reference.rows.get(a.articleId)?.isLead && a.articleId.endsWith("c4"))!;
    const changes = store.apply(lead, false);
    expect(changes.some((c) => c.articleId === lead.articleId && c.to === null)).toBe(true);
    const without = new MemoryStore();
    for (const a of [...all].sort(compareKey)) if (a.articleId !== lead.articleId) without.apply(a);
    expect(store.partition()).toEqual(without.partition());
    store.apply(lead);
    expect(store.partition()).toEqual(expected);
    const changed = { ...all[9]!, features: articleFeatures({ url: "https://x.example/other", title: "a different story altogether now", summary: "", entities: [], topics: [] }) };
    store.apply(changed);
    const batch = new MemoryStore();
    for (const a of [...all.filter((a) => a.articleId !== changed.articleId), changed].sort(compareKey)) batch.apply(a);
    expect(store.partition()).toEqual(batch.partition());
  });

  it("reports the moves it made", () => {
    const store = new MemoryStore();
    const [a, b] = all;
    expect(store.apply(b!)).toEqual([{ articleId: b!.articleId, time: b!.time, from: null, to: b!.articleId }]);
    const moves = store.apply(a!); // earlier: becomes the lead, b moves to a's development
    expect(moves.map((m) => m.articleId).sort()).toEqual([a!.articleId, b!.articleId].sort());
    expect(new Set(Object.values(store.partition())).size).toBe(1);
  });
});
