import { describe, expect, it } from "vitest";
import { RecentCache } from "./recent-cache.ts";

describe("RecentCache", () => {
  const cases: Array<{ name: string; ops: Array<["set", number] | ["get", number] | ["del", number]>; has: number[]; lacks: number[] }> = [
    { name: "keeps up to twice its capacity", ops: [["set", 1], ["set", 2], ["set", 3], ["set", 4]], has: [1, 2, 3, 4], lacks: [] },
    { name: "drops the oldest generation when the young one fills", ops: [["set", 1], ["set", 2], ["set", 3], ["set", 4], ["set", 5]], has: [3, 4, 5], lacks: [1, 2] },
    { name: "a hit in the old generation survives the next drop", ops: [["set", 1], ["set", 2], ["set", 3], ["get", 1], ["set", 4], ["set", 5]], has: [1, 3, 4, 5], lacks: [2] },
    { name: "deletes from either generation", ops: [["set", 1], ["set", 2], ["set", 3], ["del", 1], ["del", 3]], has: [2], lacks: [1, 3] },
  ];
  for (const c of cases) {
    it(`${c.name}`, () => {
      // Each key is looked up on a fresh replay: a lookup moves an entry, so it could evict another.
      const replay = () => {
        const cache = new RecentCache<number, string>(2);
        for (const [op, k] of c.ops) {
          if (op === "set") cache.set(k, `v${k}`);
          else if (op === "get") cache.get(k);
          else cache.delete(k);
        }
        return cache;
      };
      expect(c.has.map((k) => replay().get(k))).toEqual(c.has.map((k) => `v${k}`));
      expect(c.lacks.map((k) => replay().get(k))).toEqual(c.lacks.map(() => undefined));
      expect(replay().size).toBe(c.has.length);
    });
  }
});
