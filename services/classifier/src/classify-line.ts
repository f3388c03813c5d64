/**
 * One line of `gw classify` (contract: "gw classify lines"): a JSON object with
 * id, title, summary, optional content and lang in; the decision with its
 * scores and evidence out; anything that is not such an object becomes
 * {"line": N, "error": "..."} so the run goes on. Shared with `pnpm eval`.
 */
import { classify, type Classification } from "./classify.ts";
import type { CompiledTaxonomy } from "./compile-taxonomy.ts";

export type LineResult = ({ id: unknown } & Classification) | { line: number; error: string };

const TEXT_FIELDS = ["title", "summary", "content", "lang"] as const;

export function classifyLine(line: string, lineNo: number, tax: CompiledTaxonomy): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { line: lineNo, error: `not valid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { line: lineNo, error: "not a JSON object" };
  }
  const rec = value as Record<string, unknown>;
  for (const f of TEXT_FIELDS) {
    const v = rec[f];
    if (v !== undefined && v !== null && typeof v !== "string") return { line: lineNo, error: `"${f}" must be a string` };
  }
  const c = classify(rec as { title?: string; summary?: string; content?: string; lang?: string }, tax);
  return { id: rec.id ?? null, ...c };
}
