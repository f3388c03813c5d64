/**
 * Scores predictions against labels: relevance precision/recall/F1 overall and
 * per language, topic micro-F1 (over every item × topic decision) and macro-F1
 * (mean of the per-topic F1s), and the list of disagreements. Pure: no I/O.
 */

export interface Labeled {
  id: string;
  lang?: string;
  title?: string;
  relevant: boolean;
  topics: string[];
}

export interface Predicted {
  relevant: boolean;
  topics: string[];
}

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalError {
  id: string;
  lang: string;
  title: string;
  kind: "false-positive" | "false-negative" | "topics";
  expected: string[];
  predicted: string[];
}

export interface EvalReport {
  items: number;
  relevance: Prf;
  byLanguage: Record<string, Prf>;
  topicMicro: Prf;
  topicMacroF1: number;
  byTopic: Record<string, Prf>;
  errors: EvalError[];
}

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

type Counts = { tp: number; fp: number; fn: number };
const bump = (m: Map<string, Counts>, k: string, field: keyof Counts) => {
  const c = m.get(k) ?? { tp: 0, fp: 0, fn: 0 };
  c[field]++;
  m.set(k, c);
};
const toPrf = (m: Map<string, Counts>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, prf(c.tp, c.fp, c.fn)]));

/** `topicIds` fixes the topics averaged in macro-F1 (a topic never predicted nor labeled still counts, as F1 1). */
export function evaluate(pairs: ReadonlyArray<{ gold: Labeled; pred: Predicted }>, topicIds: readonly string[]): EvalReport {
  const rel = new Map<string, Counts>();
  const top = new Map<string, Counts>();
  for (const t of topicIds) top.set(t, { tp: 0, fp: 0, fn: 0 });
  const errors: EvalError[] = [];
  for (const { gold, pred } of pairs) {
    const lang = gold.lang ?? "?";
    const outcome = gold.relevant ? (pred.relevant ? "tp" : "fn") : pred.relevant ? "fp" : undefined;
    if (outcome) {
      bump(rel, "all", outcome);
      bump(rel, lang, outcome);
    } else if (!rel.has(lang)) rel.set(lang, { tp: 0, fp: 0, fn: 0 });
    const goldTopics = new Set(gold.relevant ? gold.topics : []);
    const predTopics = new Set(pred.relevant ? pred.topics : []);
    for (const t of new Set([...goldTopics, ...predTopics])) bump(top, t, goldTopics.has(t) ? (predTopics.has(t) ? "tp" : "fn") : "fp");
    const title = gold.title ?? "";
    if (outcome === "fp" || outcome === "fn") {
      errors.push({ id: gold.id, lang, title, kind: outcome === "fp" ? "false-positive" : "false-negative", expected: [...goldTopics], predicted: [...predTopics] });
    } else if ([...goldTopics].sort().join() !== [...predTopics].sort().join()) {
      errors.push({ id: gold.id, lang, title, kind: "topics", expected: [...goldTopics], predicted: [...predTopics] });
    }
  }
  const all = rel.get("all") ?? { tp: 0, fp: 0, fn: 0 };
  rel.delete("all");
  const byTopic = toPrf(top);
  const sum = [...top.values()].reduce((s, c) => ({ tp: s.tp + c.tp, fp: s.fp + c.fp, fn: s.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  const f1s = Object.values(byTopic).map((p) => p.f1);
  return {
    items: pairs.length,
    relevance: prf(all.tp, all.fp, all.fn),
    byLanguage: toPrf(rel),
    topicMicro: prf(sum.tp, sum.fp, sum.fn),
    topicMacroF1: f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    byTopic,
    errors,
  };
}
