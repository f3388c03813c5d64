import { describe, expect, it } from "vitest";
import { articleFeatures } from "./article-features.ts";
import { compareKey } from "./developments.ts";
import type { GroupedArticle } from "./regroup.ts";
import { RelevantWindow } from "./relevant-window.ts";

const features = articleFeatures({ url: "https://x.example/1", title: "t", summary: "s", entities: [], topics: [] });

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/**
 * The window against the table it mirrors: a plain map of article rows,
 * filtered and sorted on every read (what the SQL query returns). Random
 * puts, removals, re-assignments, growth and eviction, then every read is
 * compared.
 */
describe("RelevantWindow", () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`reads what the rows say after random writes (seed ${seed})`, () => {
      const r = rng(seed);
      const table = new Map<string, GroupedArticle>();
      const rows = (from: number, to: number) => [...table.values()].filter((a) => a.time >= from && a.time < to).sort(compareKey);
      const w = new RelevantWindow(rows, 500);
      const ids = Array.from({ length: 60 }, (_, i) => `a${i}`);
      for (let step = 0; step < 2000; step++) {
        const id = ids[Math.floor(r() * ids.length)]!;
        const op = r();
        if (op < 0.5) {
          // Ties on time are common: the article id orders them.
          const a: GroupedArticle = { articleId: id, time: Math.floor(r() * 40) * 25, features, isLead: r() < 0.3, leadId: r() < 0.5 ? id : null };
          table.set(id, a);
          w.put(a);
        } else if (op < 0.7) {
          table.delete(id);
          w.remove(id);
        } else if (op < 0.9) {
          const a = table.get(id);
          const leadId = r() < 0.5 ? ids[Math.floor(r() * ids.length)]! : null;
          const isLead = r() < 0.4;
          if (a) table.set(id, { ...a, leadId, isLead });
          w.assign(id, leadId, isLead);
        } else if (op < 0.95) w.extendDown(w.from - Math.floor(r() * 100));
        else if (op < 0.98) w.evict(w.from + Math.floor(r() * 60));
        else w.keepNewest(Math.floor(r() * 30));
        const from = w.from + Math.floor(r() * 500);
        const key = { time: from, articleId: ids[Math.floor(r() * ids.length)]! };
        const until = from + Math.floor(r() * 400);
        const want = rows(w.from, Infinity).filter((a) => a.time <= until);
        for (const inclusive of [true, false]) {
          const expected = want.filter((a) => (inclusive ? compareKey(a, key) >= 0 : compareKey(a, key) > 0));
          expect(w.range(key, until, inclusive)).toEqual(expected);
        }
        expect(w.size).toBe(rows(w.from, Infinity).length);
      }
    });
  }

  it("keeps the newest n, and those discovered at the same instant as the n-th", () => {
    const at = (articleId: string, time: number): GroupedArticle => ({ articleId, time, features, isLead: false, leadId: null });
    const w = new RelevantWindow(() => [at("a", 1), at("b", 2), at("c", 2), at("d", 3)], 0);
    w.keepNewest(2);
    expect(w.range({ time: 0, articleId: "" }, Infinity, true).map((a) => a.articleId)).toEqual(["b", "c", "d"]);
    expect(w.from).toBe(2);
    w.keepNewest(1);
    expect(w.range({ time: 0, articleId: "" }, Infinity, true).map((a) => a.articleId)).toEqual(["d"]);
  });

  it("does not keep an article put before its range", () => {
    const w = new RelevantWindow(() => [], 1000);
    w.put({ articleId: "old", time: 999, features, isLead: true, leadId: "old" });
    expect(w.size).toBe(0);
    expect(w.range({ time: 1000, articleId: "" }, Infinity, true)).toEqual([]);
  });
});
