/**
 * classify(article, taxonomy): a pure decision with its reasons.
 *
 * Scoring (all weights come from the taxonomy file):
 * - Each target (signal, context, topic, entity) scores the sum of the weights of
 *   the distinct terms that matched it, each term counted once at the weight of
 *   the best field it appeared in (title, summary, content), so repetition in a
 *   long body does not inflate a score.
 * - Contexts (what else a story may be about) count every occurrence, not distinct
 *   terms: a story that says "Iran" four times is about Iran. A context rule subtracts
 *   `penalty × context score` from the relevance score, and `gate.dominance` rules the
 *   story out when its contexts together outweigh the parties (occurrences × ratio):
 *   an Iran story that mentions Russia once is still an Iran story, however much it
 *   says "talks".
 * - relevant ⇔ every `gate.require` signal reaches its minimum, one list of
 *   `gate.requireAny` holds (peace wording, or both sides named, or a contested
 *   place: "Lavrov holds talks in Beijing" is not the peace process), and
 *   relevance_score (sum of `gate.score` signals − penalties) ≥ gate.threshold.
 * - A topic is assigned only to a relevant article, when its score reaches its
 *   threshold. Entities are reported whatever the relevance.
 */
import type { Evidence } from "@gw/events";
import type { CompiledTaxonomy } from "./compile-taxonomy.ts";
import { matchTerms } from "./match-terms.ts";

export interface ArticleText {
  title?: string | null;
  summary?: string | null;
  content?: string | null;
  lang?: string | null;
}

export interface Classification {
  taxonomy_version: string;
  relevant: boolean;
  relevance_score: number;
  topics: string[];
  scores: Record<string, number>;
  entities: string[];
  evidence: Evidence[];
}

const FIELDS = ["title", "summary", "content"] as const;
const round = (x: number) => Math.round(x * 100) / 100;

// Module-level helpers rather than closures: classify runs tens of thousands of times a second.
function bump(m: Map<string, number>, key: string, x: number): void {
  m.set(key, (m.get(key) ?? 0) + x);
}
function val(m: Map<string, number>, key: string): number {
  return m.get(key) ?? 0;
}

interface Tally {
  /** Distinct terms, each at its best field weight: signals, topics, entities. */
  score: Map<string, number>;
  /** Every match: contexts and dominance. */
  occurrences: Map<string, number>;
  evidence: Evidence[];
}

function tally(article: ArticleText, c: CompiledTaxonomy): Tally {
  const fw = c.source.settings.fieldWeights;
  const limit = c.source.settings.evidenceLimit;
  const best = new Map<number, number>();
  const t: Tally = { score: new Map(), occurrences: new Map(), evidence: [] };
  for (const field of FIELDS) {
    const text = article[field];
    if (typeof text !== "string" || !text) continue;
    for (const m of matchTerms(text, c)) {
      best.set(m.term, Math.max(best.get(m.term) ?? 0, fw[field]));
      const term = c.terms[m.term]!;
      for (const target of term.targets) {
        if (!target.union && t.evidence.length < limit) t.evidence.push({ term: term.text, field, start: m.start, end: m.end, target: target.key });
        bump(t.occurrences, target.key, target.weight * fw[field]);
      }
    }
  }
  for (const [term, f] of best) {
    for (const target of c.terms[term]!.targets) if (target.kind !== "context") bump(t.score, target.key, target.weight * f);
  }
  return t;
}

export function classify(article: ArticleText, c: CompiledTaxonomy): Classification {
  const d = c.decision;
  const { score, occurrences, evidence } = tally(article, c);
  let relevanceScore = 0;
  for (const key of d.score) relevanceScore += val(score, key);
  for (const r of d.penalties) relevanceScore -= r.penalty * Math.max(0, val(occurrences, r.key));
  let relevant = relevanceScore >= d.threshold;
  for (const r of d.require) if (val(score, r.key) < r.min) relevant = false;
  if (relevant && d.requireAny.length) relevant = d.requireAny.some((all) => all.every((r) => val(score, r.key) >= r.min));
  if (relevant && d.dominance) {
    let other = 0;
    for (const key of d.dominance.contexts) other += Math.max(0, val(occurrences, key));
    if (other > d.dominance.ratio * Math.max(0, val(occurrences, d.dominance.signal))) relevant = false;
  }
  const scores: Record<string, number> = {};
  const topics: string[] = [];
  for (const t of d.topics) {
    const s = round(val(score, t.key));
    scores[t.id] = s;
    if (relevant && s >= t.threshold) topics.push(t.id);
  }
  const entities: string[] = [];
  for (const e of d.entities) if (val(score, e.key) > 0) entities.push(e.id);
  return { taxonomy_version: c.version, relevant, relevance_score: round(relevanceScore), topics, scores, entities, evidence };
}
