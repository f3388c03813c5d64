/**
 * The classifier's speed on one core (Node is single-threaded here):
 * - classifications per second on title + summary, over a mix of labeled talks
 *   coverage and real world-news items (../shared/data when present, else the
 *   project's held-out fixture); baseline in the same run: tokenizing and folding
 *   the same texts without matching, i.e. the floor any matcher pays;
 * - a 50 KB article body, per classification;
 * - loading the taxonomy (read, validate, compile), the start-up cost.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { classify, type ArticleText } from "@gw/classifier/classify";
import { repoRoot } from "@gw/classifier/eval-cli";
import { defaultTaxonomyPath, loadTaxonomy } from "@gw/classifier/load-taxonomy";
import { tokenize } from "@gw/classifier/tokenize";

interface BenchMetric {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
}

function corpus(): ArticleText[] {
  const files = [
    resolve(repoRoot, "../shared/data/labeled/dev.jsonl"),
    resolve(repoRoot, "../shared/data/real/feb2026-world-news.jsonl"),
    resolve(repoRoot, "services/classifier/testdata/heldout.jsonl"),
  ].filter((f) => existsSync(f));
  return files.flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => {
        const { title, summary } = JSON.parse(l) as { title?: string; summary?: string };
        return { title: title ?? "", summary: summary ?? "" };
      }),
  );
}

/** Runs `fn` over the items round-robin for about `ms` milliseconds; returns calls per second. */
function rate(items: readonly ArticleText[], ms: number, fn: (a: ArticleText) => unknown): number {
  for (let i = 0; i < Math.min(items.length, 2000); i++) fn(items[i]!); // warm-up (JIT, fold cache)
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 200; i++) fn(items[n++ % items.length]!);
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;

export async function benchClassifier(opts: { quick: boolean }): Promise<BenchMetric[]> {
  const ms = opts.quick ? 500 : 3000;
  const loads: number[] = [];
  for (let i = 0; i < (opts.quick ? 5 : 20); i++) {
    const t = performance.now();
    loadTaxonomy(defaultTaxonomyPath);
    loads.push(performance.now() - t);
  }
  const tax = loadTaxonomy(defaultTaxonomyPath);
  const items = corpus();
  const perSec = rate(items, ms, (a) => classify(a, tax));
  const tokensOnly = rate(items, ms, (a) => (tokenize(a.title ?? ""), tokenize(a.summary ?? "")));
  const para = (items.find((a) => (a.summary ?? "").length > 150)?.summary ?? "Ukraine and Russia held talks in Geneva. ") + " ";
  const body: ArticleText = { title: "", summary: "", content: para.repeat(Math.ceil(50_000 / para.length)) };
  const bigPerSec = rate([body], ms, (a) => classify(a, tax));
  await Promise.resolve();
  return [
    {
      name: "classifier: classifications/s (title+summary, one core)",
      value: round(perSec),
      unit: "articles/s",
      baseline: { name: "tokenize + fold only, no matching", value: round(tokensOnly), unit: "articles/s" },
    },
    { name: "classifier: 50 KB article body", value: round(1000 / bigPerSec, 2), unit: "ms/article" },
    { name: "classifier: taxonomy load (read + validate + compile)", value: round(median(loads), 2), unit: "ms" },
  ];
}

if (process.argv[1]?.endsWith("classifier.bench.ts")) {
  for (const m of await benchClassifier({ quick: process.argv.includes("--quick") })) console.log(JSON.stringify(m));
}
