import { describe, expect, it } from "vitest";
import { articleFeatures, type FeatureInput } from "./article-features.ts";
import { compareKey, matchLead, stemRulesReachable, TITLE_MIN_STEMS, type Lead } from "./developments.ts";
import { LeadIndex } from "./lead-index.ts";

const H = 3600_000;
const W = 48 * H;

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/** Outlet-like text: a small shared vocabulary (names, verbs, issues, filler), optional numbers, three languages, some shared links. */
function templated(n: number, seed: number): FeatureInput[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const en = ["Umerov", "Witkoff", "Medinsky", "Peskov", "says progress on", "rejects proposal on", "pushes for deal on", "territory in Donetsk", "security guarantees", "prisoner exchange", "energy truce", "ceasefire line", "frozen assets"];
  const ru = ["Умеров", "Уиткофф", "Мединский", "заявил о прогрессе по", "отверг предложение по", "территории Донецкой области", "обмен пленными", "прекращение огня"];
  const filler = "officials who spoke on condition of anonymity said discussions would continue later this week";
  return Array.from({ length: n }, (_, i) => {
    const words = r() < 0.2 ? ru : en;
    const num = r() < 0.6 ? ` ${3000 + Math.floor(r() * 300)} detainees` : r() < 0.5 ? ` day ${Math.floor(r() * 9)}` : "";
    const title = `${pick(words)} ${pick(words)} ${pick(words)}${num}`;
    return { url: `https://o${i % 7}.example/${r() < 0.1 ? "shared" : i}/${Math.floor(r() * 40)}`, title, summary: `${title}. ${pick(words)} ${pick(words)} ${r() < 0.5 ? filler : ""}`, entities: [pick(["umerov", "witkoff", "peskov"])], topics: [pick(["territory", "humanitarian"])] };
  });
}

/** Unrelated titles with a few shared stems (the synthetic stream's shape). */
function randomWords(n: number, seed: number): FeatureInput[] {
  const r = rng(seed);
  const vocab = Array.from({ length: 60 }, (_, i) => `w${i.toString(36)}q${(i * 7919).toString(36)}`);
  return Array.from({ length: n }, (_, i) => {
    const ws = Array.from({ length: 3 + Math.floor(r() * 9) }, () => vocab[Math.floor(r() * vocab.length)]!);
    return { url: `https://x.example/${i}`, title: ws.slice(0, 5).join(" "), summary: ws.join(" "), entities: [], topics: ["territory"] };
  });
}

const cases = [
  { name: "templated outlet text (most stems shared)", inputs: templated(700, 5), maxShare: 0.2 },
  { name: "random words from a small vocabulary", inputs: randomWords(700, 9), maxShare: 0.2 },
];

describe("LeadIndex.candidates", () => {
  for (const c of cases) {
    it(`holds every lead that matches, and fewer than all: ${c.name}`, () => {
      const r = rng(3);
      const leads: Lead[] = c.inputs.map((x, i) => ({ articleId: `a${String(i).padStart(4, "0")}`, time: Math.floor(r() * 3 * W), features: articleFeatures(x) }));
      const index = new LeadIndex(() => leads.slice(), 0);
      let visited = 0;
      let inWindow = 0;
      let matched = 0;
      const missed: string[] = [];
      for (const a of leads) {
        const got = new Set(index.candidates(a, a.time - W));
        const before = leads.filter((l) => compareKey(l, a) < 0 && l.time >= a.time - W);
        inWindow += before.length;
        visited += got.size;
        for (const l of before) {
          if (!matchLead(a.features, l.features)) continue;
          matched++;
          if (!got.has(l)) missed.push(`${a.articleId} matches ${l.articleId}`);
        }
        for (const l of got) expect(before).toContain(l);
      }
      expect(missed).toEqual([]);
      expect(matched).toBeGreaterThan(100);
      expect(visited).toBeLessThanOrEqual(inWindow * c.maxShare);
    });
  }

  it("forgets a lead that is no longer one", () => {
    const [x, y] = templated(2, 1).map((i, k) => ({ articleId: `b${k}`, time: k, features: articleFeatures({ ...i, url: "https://same.example/1" }) }));
    const index = new LeadIndex(() => [x!], 0);
    expect(index.candidates(y!, -W)).toEqual([x]);
    index.set(x!, false);
    expect(index.candidates(y!, -W)).toEqual([]);
  });
});

describe("LeadIndex bookkeeping", () => {
  // The same lead loaded twice (evicted, then loaded again by extendDown) must not stay filed twice.
  it("evicts the leads it was built with, and loads them again once", () => {
    const [x, y] = templated(2, 1).map((i, k) => ({ articleId: `c${k}`, time: k * 10, features: articleFeatures({ ...i, url: "https://same.example/1" }) }));
    const stored = [x!];
    const load = (from: number, to: number) => stored.filter((l) => l.time >= from && l.time < to).map((l) => ({ ...l }));
    const index = new LeadIndex(load, 0);
    expect(index.size).toBe(1);
    index.evict(5);
    expect(index.size).toBe(0);
    expect(index.candidates(y!, -W)).toEqual([]);
    index.extendDown(0);
    expect(index.size).toBe(1);
    const reloaded = index.candidates(y!, -W);
    expect(reloaded.map((l) => l.articleId)).toEqual(["c0"]);
    // No longer a lead: no copy of it may remain a candidate.
    index.set(reloaded[0]!, false);
    expect(index.candidates(y!, -W)).toEqual([]);
  });
});

describe("stemRulesReachable", () => {
  it("holds whenever some lead sharing that many stems passes a stem rule (all sizes up to 40)", () => {
    const wrong: string[] = [];
    for (let a = 1; a <= 40; a++) {
      for (let at = 0; at <= Math.min(a, 12); at++) {
        const f = articleFeatures({ url: "", title: "", summary: "", entities: [], topics: [] });
        const shape = { ...f, text: Array.from({ length: a }, (_, i) => `s${i}`), title: Array.from({ length: at }, (_, i) => `s${i}`) };
        for (let b = 1; b <= 60; b++) {
          for (let o = 1; o <= Math.min(a, b); o++) {
            // Text Dice ≥ 0.4 (the lowest stem-only threshold) or title Dice ≥ 0.7 with enough stems (lead title ≤ its text).
            const text = 5 * o >= a + b;
            for (let ot = 0; ot <= Math.min(o, at); ot++) {
              const bt = Math.max(TITLE_MIN_STEMS, ot); // the lead title most favourable to a match
              const title = at >= TITLE_MIN_STEMS && bt <= b && 20 * ot >= 7 * (at + bt);
              if ((text || title) && !stemRulesReachable(o, ot, shape)) wrong.push(`|A|=${a} |At|=${at} |B|=${b} o=${o} ot=${ot}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
