import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { classifyLine } from "./classify-line.ts";
import { defaultEvalFile } from "./eval-cli.ts";
import { evaluate, prf, type Labeled } from "./evaluate.ts";
import { loadTaxonomy } from "./load-taxonomy.ts";

describe("prf", () => {
  it.each<[number, number, number, number, number, number]>([
    [8, 2, 0, 0.8, 1, 0.8889],
    [5, 0, 5, 1, 0.5, 0.6667],
    [0, 0, 0, 1, 1, 1],
    [0, 3, 2, 0, 0, 0],
  ])("tp %i fp %i fn %i", (tp, fp, fn, p, r, f1) => {
    const x = prf(tp, fp, fn);
    expect(x.precision).toBeCloseTo(p, 3);
    expect(x.recall).toBeCloseTo(r, 3);
    expect(x.f1).toBeCloseTo(f1, 3);
  });
});

describe("evaluate", () => {
  const gold = (id: string, lang: string, relevant: boolean, topics: string[] = []): Labeled => ({ id, lang, title: id, relevant, topics });
  it("scores relevance per language, topics micro/macro, and lists the errors", () => {
    const r = evaluate(
      [
        { gold: gold("a", "en", true, ["ceasefire"]), pred: { relevant: true, topics: ["ceasefire"] } },
        { gold: gold("b", "en", false), pred: { relevant: true, topics: ["territory"] } },
        { gold: gold("c", "uk", true, ["territory"]), pred: { relevant: false, topics: [] } },
        { gold: gold("d", "uk", true, ["ceasefire", "territory"]), pred: { relevant: true, topics: ["ceasefire"] } },
      ],
      ["ceasefire", "territory"],
    );
    expect(r.relevance).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(r.byLanguage.en).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(r.byLanguage.uk).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(r.byTopic.ceasefire!.f1).toBe(1);
    expect(r.byTopic.territory).toMatchObject({ tp: 0, fp: 1, fn: 2 });
    expect(r.topicMacroF1).toBeCloseTo(0.5);
    expect(r.errors.map((e) => `${e.id}:${e.kind}`)).toEqual(["b:false-positive", "c:false-negative", "d:topics"]);
  });
});

/** Quality gates of the issue, on dev and on a second hand-written set (testdata/heldout.jsonl) in the same style. */
describe("classifier quality", () => {
  const tax = loadTaxonomy();
  const score = (file: string) => {
    const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim());
    const pairs = lines.map((l, i) => {
      const pred = classifyLine(l, i + 1, tax);
      if ("error" in pred) throw new Error(pred.error);
      return { gold: JSON.parse(l) as Labeled, pred };
    });
    return evaluate(pairs, tax.source.topics.map((t) => t.id));
  };
  const heldout = fileURLToPath(new URL("../testdata/heldout.jsonl", import.meta.url));
  it.each([
    ["held-out", heldout],
    ["dev", defaultEvalFile],
  ])("%s set: relevance F1 ≥ 0.95, every language ≥ 0.92, topic macro-F1 ≥ 0.85", (_name, file) => {
    if (!existsSync(file)) return; // ../shared is not part of every checkout
    const r = score(file);
    expect(r.relevance.f1).toBeGreaterThanOrEqual(0.95);
    for (const p of Object.values(r.byLanguage)) expect(p.f1).toBeGreaterThanOrEqual(0.92);
    expect(r.topicMacroF1).toBeGreaterThanOrEqual(0.85);
  });
});
