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
 * - relevant ⇔ every `gate.require` signal reaches its minimum and
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

export function classify(article: ArticleText, c: CompiledTaxonomy): Classification {
  const tax = c.source;
  const fw = tax.settings.fieldWeights;
  const best = new Map<number, number>(); // term → best field weight
  const score = new Map<string, number>(); // distinct terms, for signals, topics, entities
  const occurrences = new Map<string, number>(); // every match, for contexts and dominance
  const add = (m: Map<string, number>, key: string, x: number) => m.set(key, (m.get(key) ?? 0) + x);
  const evidence: Evidence[] = [];
  for (const field of FIELDS) {
    const text = article[field];
    if (typeof text !== "string" || !text) continue;
    for (const m of matchTerms(text, c)) {
      best.set(m.term, Math.max(best.get(m.term) ?? 0, fw[field]));
      const term = c.terms[m.term]!;
      for (const t of term.targets) {
        evidence.push({ term: term.text, field, start: m.start, end: m.end, target: `${t.kind}:${t.id}` });
        add(occurrences, `${t.kind}:${t.id}`, t.weight * fw[field]);
      }
    }
  }
  for (const [term, f] of best) {
    for (const t of c.terms[term]!.targets) if (t.kind !== "context") add(score, `${t.kind}:${t.id}`, t.weight * f);
  }
  const get = (key: string) => score.get(key) ?? 0;

  const occ = (key: string) => Math.max(0, occurrences.get(key) ?? 0);
  const penalty = tax.rules.reduce((sum, r) => sum + r.penalty * occ(`context:${r.context}`), 0);
  const dom = tax.gate.dominance;
  const dominated = !!dom && dom.contexts.reduce((sum, ctx) => sum + occ(`context:${ctx}`), 0) > dom.ratio * occ(`signal:${dom.signal}`);
  const relevanceScore = tax.gate.score.reduce((sum, s) => sum + get(`signal:${s}`), 0) - penalty;
  const relevant =
    !dominated && tax.gate.require.every((r) => get(`signal:${r.signal}`) >= r.min) && relevanceScore >= tax.gate.threshold;

  const scores: Record<string, number> = {};
  const topics: string[] = [];
  for (const t of tax.topics) {
    const s = round(get(`topic:${t.id}`));
    scores[t.id] = s;
    if (relevant && s >= (t.threshold ?? tax.settings.topicThreshold)) topics.push(t.id);
  }
  const entities = tax.entities.filter((e) => get(`entity:${e.id}`) > 0).map((e) => e.id);
  return {
    taxonomy_version: c.version,
    relevant,
    relevance_score: round(relevanceScore),
    topics,
    scores,
    entities,
    evidence: evidence.slice(0, tax.settings.evidenceLimit),
  };
}
