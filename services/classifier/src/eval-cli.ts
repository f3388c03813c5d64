/**
 * `pnpm eval [FILE] [--json] [--taxonomy FILE] [--text FILE]`: scores the classifier,
 * exactly as `gw classify` runs it, on a labeled JSON Lines file (default
 * ../shared/data/labeled/dev.jsonl from the repository root). With `--text`, FILE
 * holds labels only (`{id, relevant, topics}`) and the text comes from the other
 * file, joined by id (testdata/real-labels.jsonl labels ../shared/data/real). Prints relevance
 * P/R/F1 overall and per language, topic micro/macro F1, per-topic F1 and the
 * errors, so a taxonomy change is measured, not guessed.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfig } from "@gw/config";
import { classifyLine } from "./classify-line.ts";
import { evaluate, type EvalReport, type Labeled, type Prf } from "./evaluate.ts";
import { joinLabels } from "./join-labels.ts";
import { loadTaxonomy, taxonomyPath } from "./load-taxonomy.ts";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const defaultEvalFile = resolve(repoRoot, "../shared/data/labeled/dev.jsonl");

const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
const row = (name: string, p: Prf) => `  ${name.padEnd(20)} P ${pct(p.precision)}  R ${pct(p.recall)}  F1 ${pct(p.f1)}   (tp ${p.tp}, fp ${p.fp}, fn ${p.fn})`;

export function formatReport(r: EvalReport, file: string, version: string): string {
  const out = [`eval of taxonomy ${version} on ${file} (${r.items} items)`, "relevance:", row("all", r.relevance)];
  for (const [lang, p] of Object.entries(r.byLanguage)) out.push(row(`lang ${lang}`, p));
  out.push("topics:", row("micro", r.topicMicro), `  ${"macro F1".padEnd(20)} ${pct(r.topicMacroF1)}`);
  for (const [t, p] of Object.entries(r.byTopic)) out.push(row(t, p));
  out.push(`errors (${r.errors.length}):`);
  for (const e of r.errors) {
    out.push(`  ${e.id} [${e.lang}] ${e.kind}: expected [${e.expected.join(", ")}] got [${e.predicted.join(", ")}]  ${e.title}`);
  }
  return `${out.join("\n")}\n`;
}

export async function evalCommand(args: string[]): Promise<number> {
  let file = defaultEvalFile;
  let json = false;
  let taxFile: string | undefined;
  let textFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--json") json = true;
    else if (a === "--taxonomy") taxFile = args[++i];
    else if (a === "--text") textFile = args[++i];
    else if (a.startsWith("-")) return void process.stderr.write(`eval: unknown option ${a}\n`), 2;
    else file = resolve(a);
  }
  let text: string;
  let tax;
  try {
    tax = loadTaxonomy(taxFile ? resolve(taxFile) : taxonomyPath(loadConfig()));
    text = readFileSync(file, "utf8");
    if (textFile) {
      const joined = joinLabels(text.split("\n"), readFileSync(resolve(textFile), "utf8").split("\n"));
      if (joined.missing.length) process.stderr.write(`eval: ${joined.missing.length} labels have no text in ${textFile} (e.g. ${joined.missing[0]})\n`);
      text = joined.lines.join("\n");
    }
  } catch (err) {
    process.stderr.write(`eval: ${(err as Error).message}\n`);
    return 1;
  }
  const pairs = [];
  let n = 0;
  for (const line of text.split("\n")) {
    n++;
    if (!line.trim()) continue;
    const pred = classifyLine(line, n, tax);
    if ("error" in pred) {
      process.stderr.write(`eval: ${file}:${n}: ${pred.error}\n`);
      continue;
    }
    const gold = JSON.parse(line) as Labeled;
    pairs.push({ gold: { ...gold, topics: gold.topics ?? [] }, pred });
  }
  const report = evaluate(pairs, tax.source.topics.map((t) => t.id));
  process.stdout.write(json ? `${JSON.stringify({ file, taxonomy_version: tax.version, ...report }, null, 2)}\n` : formatReport(report, file, tax.version));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await evalCommand(process.argv.slice(2));
}
