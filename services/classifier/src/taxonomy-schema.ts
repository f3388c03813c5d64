/**
 * The taxonomy file format (services/classifier/taxonomy/*.json), validated with zod.
 *
 * A term is a string of words. A word ending in `*` is a stem: it matches any
 * word that starts with it and has at most `settings.maxSuffix` more letters
 * (Ukrainian and Russian inflect: "переговор*" → переговори, переговорів,
 * переговорах, переговоры). `{a,b,}` expands to alternatives ("крим{,у,ом}").
 * Hyphens and apostrophes follow the tokenizer ("Абу-Дабі" is two words).
 * Letters are folded (see fold-text.ts), so case, ё/е, і/и, є/е do not matter.
 * Weights may be negative: a longer phrase can cancel a shorter one it contains
 * ("nuclear power plant" is not an energy-grid strike).
 */
import { z } from "zod";

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a kebab-case id");
const term = z.string().trim().min(1).max(200);

/** Terms of one weight, by language (the languages are documentation: every term is tried on every text). */
export const termGroup = z
  .object({
    w: z.number().finite().default(1),
    note: z.string().optional(),
    en: z.array(term).default([]),
    uk: z.array(term).default([]),
    ru: z.array(term).default([]),
    any: z.array(term).default([]),
  })
  .strict();
export type TermGroup = z.infer<typeof termGroup>;

const termSet = z.object({ description: z.string().optional(), terms: z.array(termGroup) }).strict();
/** A signal made of other signals: it scores every distinct term of its members. */
const unionSet = z.object({ description: z.string().optional(), union: z.array(id).min(1) }).strict();
const condition = z.object({ signal: id, min: z.number() }).strict();

const settings = z
  .object({
    maxSuffix: z.number().int().min(0).max(12).default(5),
    minStem: z.number().int().min(2).max(10).default(3),
    fieldWeights: z
      .object({ title: z.number().min(0).default(1), summary: z.number().min(0).default(1), content: z.number().min(0).default(0.75) })
      .strict()
      .default({ title: 1, summary: 1, content: 0.75 }),
    topicThreshold: z.number().default(2),
    evidenceLimit: z.number().int().min(0).default(64),
  })
  .strict();

export const taxonomySchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1),
    version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+-]*$/, "must be a version such as 2026.11.1"),
    description: z.string().optional(),
    settings: settings.default(settings.parse({})),
    gate: z
      .object({
        description: z.string().optional(),
        score: z.array(id).min(1),
        threshold: z.number(),
        require: z.array(condition).default([]),
        /** At least one of these lists must hold entirely (e.g. peace wording, or both sides named). */
        requireAny: z.array(z.array(condition).min(1)).default([]),
        /** Not relevant when these contexts together outweigh the signal (occurrences × ratio): the story is about something else. */
        dominance: z.object({ signal: id, contexts: z.array(id).min(1), ratio: z.number().positive().default(1) }).strict().optional(),
      })
      .strict(),
    signals: z.record(id, z.union([termSet, unionSet])),
    contexts: z.record(id, termSet).default({}),
    rules: z
      .array(
        z
          .object({
            id,
            description: z.string().min(1),
            context: id,
            /** Subtracted from the relevance score per unit of context score. */
            penalty: z.number().min(0),
          })
          .strict(),
      )
      .default([]),
    topics: z
      .array(z.object({ id, label: z.string().min(1), description: z.string().optional(), threshold: z.number().optional(), terms: z.array(termGroup) }).strict())
      .min(1),
    entities: z
      .array(z.object({ id, name: z.string().min(1), kind: z.enum(["person", "body"]), terms: z.array(term).min(1) }).strict())
      .default([]),
  })
  .strict()
  .superRefine((t, ctx) => {
    const bad = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    t.gate.score.forEach((s, i) => t.signals[s] || bad(["gate", "score", i], `unknown signal "${s}"`));
    t.gate.require.forEach((r, i) => t.signals[r.signal] || bad(["gate", "require", i, "signal"], `unknown signal "${r.signal}"`));
    t.gate.requireAny.forEach((all, i) =>
      all.forEach((r, j) => t.signals[r.signal] || bad(["gate", "requireAny", i, j, "signal"], `unknown signal "${r.signal}"`)),
    );
    for (const [name, sig] of Object.entries(t.signals)) {
      if (!("union" in sig)) continue;
      sig.union.forEach((m, i) => {
        const member = t.signals[m];
        if (!member) bad(["signals", name, "union", i], `unknown signal "${m}"`);
        else if ("union" in member) bad(["signals", name, "union", i], `"${m}" is itself a union`);
      });
    }
    t.rules.forEach((r, i) => t.contexts[r.context] || bad(["rules", i, "context"], `unknown context "${r.context}"`));
    const dom = t.gate.dominance;
    if (dom && !t.signals[dom.signal]) bad(["gate", "dominance", "signal"], `unknown signal "${dom.signal}"`);
    dom?.contexts.forEach((c, i) => t.contexts[c] || bad(["gate", "dominance", "contexts", i], `unknown context "${c}"`));
    const seen = new Set<string>();
    t.topics.forEach((tp, i) => (seen.has(tp.id) ? bad(["topics", i, "id"], `duplicate topic "${tp.id}"`) : seen.add(tp.id)));
    const ents = new Set<string>();
    t.entities.forEach((e, i) => (ents.has(e.id) ? bad(["entities", i, "id"], `duplicate entity "${e.id}"`) : ents.add(e.id)));
  });

export type Taxonomy = z.infer<typeof taxonomySchema>;
