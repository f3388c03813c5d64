/**
 * Compiles a validated taxonomy once into the structures the matcher walks:
 * - word lookup: exact words in one Map, stems in another (a token is looked up
 *   by itself and by its prefixes within maxSuffix letters of its end);
 * - a trie over word ids for multi-word phrases, each leaf listing every target
 *   (signal, context, topic, entity) the phrase feeds and with what weight.
 * The same phrase written in several places (or spellings that fold alike, such as
 * "переговори" and "переговоры") becomes one leaf; a target counts it once, at the
 * weight where it was first written.
 */
import { parseTerm, TermSyntaxError, type PatternWord } from "./parse-term.ts";
import type { Taxonomy, TermGroup } from "./taxonomy-schema.ts";

export type TargetKind = "signal" | "context" | "topic" | "entity";

export interface Target {
  kind: TargetKind;
  id: string;
  weight: number;
  /** `${kind}:${id}`, precomputed for the hot path. */
  key: string;
  /** A union signal: scored, but its evidence is already listed under its members. */
  union?: boolean;
}

export interface CompiledTerm {
  /** The term as written in the taxonomy file. */
  text: string;
  targets: Target[];
}

/** The trie edge a `~` word (any one word) takes. */
export const ANY_WORD = -1;

export interface PhraseNode {
  next: Map<number, PhraseNode>;
  terms: number[];
}

/** The decision rules with their score keys built once (classify runs tens of thousands of times a second). */
export interface CompiledDecision {
  score: string[];
  threshold: number;
  require: { key: string; min: number }[];
  requireAny: { key: string; min: number }[][];
  penalties: { key: string; penalty: number }[];
  dominance?: { contexts: string[]; signal: string; ratio: number };
  topics: { id: string; key: string; threshold: number }[];
  entities: { id: string; key: string }[];
}

export interface CompiledTaxonomy {
  source: Taxonomy;
  version: string;
  decision: CompiledDecision;
  exact: Map<string, number[]>;
  stems: Map<string, number[]>;
  /** The first minStem letters of every stem: most tokens are ruled out by one lookup. */
  stemHeads: Set<string>;
  /** For each stem head, the lengths of the stems that start with it, ascending:
   * a token is sliced only at lengths some stem has (most heads have one or two). */
  stemLengths: Map<string, number[]>;
  /** Case-sensitive words, keyed by the word as written. */
  exactCase: Map<string, number[]>;
  minStem: number;
  maxSuffix: number;
  root: PhraseNode;
  terms: CompiledTerm[];
}

/** A bad term, with where it sits in the file (e.g. "topics.2.terms.0.uk.3"). */
export class TaxonomyTermError extends Error {
  override name = "TaxonomyTermError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

function addStem(c: CompiledTaxonomy, stem: string): void {
  const head = stem.slice(0, c.minStem);
  c.stemHeads.add(head);
  const lengths = c.stemLengths.get(head) ?? [];
  if (!lengths.includes(stem.length)) lengths.push(stem.length);
  lengths.sort((a, b) => a - b);
  c.stemLengths.set(head, lengths);
}

export function compileTaxonomy(tax: Taxonomy): CompiledTaxonomy {
  const c: CompiledTaxonomy = {
    source: tax,
    version: tax.version,
    decision: compileDecision(tax),
    exact: new Map(),
    stems: new Map(),
    stemHeads: new Set(),
    stemLengths: new Map(),
    exactCase: new Map(),
    minStem: tax.settings.minStem,
    maxSuffix: tax.settings.maxSuffix,
    root: { next: new Map(), terms: [] },
    terms: [],
  };
  const wordIds = new Map<string, number>();
  const termIndex = new Map<string, number>();
  const wordId = (w: PatternWord) => {
    if (w.any) return ANY_WORD;
    const key = `${w.exactCase ? "!" : w.prefix ? "*" : "="}${w.text}`;
    let idn = wordIds.get(key);
    if (idn === undefined) {
      idn = wordIds.size;
      wordIds.set(key, idn);
      const map = w.exactCase ? c.exactCase : w.prefix ? c.stems : c.exact;
      if (w.prefix) addStem(c, w.text);
      map.set(w.text, [...(map.get(w.text) ?? []), idn]);
    }
    return idn;
  };
  const add = (text: string, t: Omit<Target, "key">, path: string) => {
    const target: Target = { ...t, key: `${t.kind}:${t.id}` };
    let variants: PatternWord[][];
    try {
      variants = parseTerm(text, tax.settings.minStem);
    } catch (err) {
      if (err instanceof TermSyntaxError) throw new TaxonomyTermError(path, err.message);
      throw err;
    }
    for (const words of variants) {
      const key = words.map((w) => (w.any ? "~" : `${w.exactCase ? "=" : ""}${w.text}${w.prefix ? "*" : ""}`)).join(" ");
      let ti = termIndex.get(key);
      if (ti === undefined) {
        ti = c.terms.length;
        termIndex.set(key, ti);
        c.terms.push({ text, targets: [] });
        let node = c.root;
        for (const w of words) {
          const idn = wordId(w);
          let child = node.next.get(idn);
          if (!child) node.next.set(idn, (child = { next: new Map(), terms: [] }));
          node = child;
        }
        node.terms.push(ti);
      }
      const targets = c.terms[ti]!.targets;
      if (!targets.some((t) => t.kind === target.kind && t.id === target.id)) targets.push(target);
    }
  };
  const addGroups = (groups: TermGroup[], kind: TargetKind, id: string, path: string, union = false) =>
    groups.forEach((g, gi) =>
      (["en", "uk", "ru", "any"] as const).forEach((lang) =>
        g[lang].forEach((t, i) => add(t, { kind, id, weight: g.w, ...(union ? { union } : {}) }, `${path}.${gi}.${lang}.${i}`)),
      ),
    );
  for (const [id, s] of Object.entries(tax.signals)) {
    if ("terms" in s) addGroups(s.terms, "signal", id, `signals.${id}.terms`);
    else for (const m of s.union) addGroups(termsOf(tax, m), "signal", id, `signals.${m}.terms`, true);
  }
  for (const [id, s] of Object.entries(tax.contexts)) addGroups(s.terms, "context", id, `contexts.${id}.terms`);
  tax.topics.forEach((t, i) => addGroups(t.terms, "topic", t.id, `topics.${i}.terms`));
  tax.entities.forEach((e, i) => e.terms.forEach((t, j) => add(t, { kind: "entity", id: e.id, weight: 1 }, `entities.${i}.terms.${j}`)));
  return c;
}

function termsOf(tax: Taxonomy, signal: string): TermGroup[] {
  const s = tax.signals[signal];
  return s && "terms" in s ? s.terms : [];
}

function compileDecision(tax: Taxonomy): CompiledDecision {
  const dom = tax.gate.dominance;
  return {
    score: tax.gate.score.map((s) => `signal:${s}`),
    threshold: tax.gate.threshold,
    require: tax.gate.require.map((r) => ({ key: `signal:${r.signal}`, min: r.min })),
    requireAny: tax.gate.requireAny.map((all) => all.map((r) => ({ key: `signal:${r.signal}`, min: r.min }))),
    penalties: tax.rules.map((r) => ({ key: `context:${r.context}`, penalty: r.penalty })),
    ...(dom ? { dominance: { contexts: dom.contexts.map((c) => `context:${c}`), signal: `signal:${dom.signal}`, ratio: dom.ratio } } : {}),
    topics: tax.topics.map((t) => ({ id: t.id, key: `topic:${t.id}`, threshold: t.threshold ?? tax.settings.topicThreshold })),
    entities: tax.entities.map((e) => ({ id: e.id, key: `entity:${e.id}` })),
  };
}
