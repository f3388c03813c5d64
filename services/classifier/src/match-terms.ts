/**
 * Finds every taxonomy term in a text in one pass: tokenize, look each token up
 * once (exact word, then its prefixes as stems), then from each token that
 * matched something walk the phrase trie forward. Phrases are a few words long,
 * so the walk is bounded and the whole cost stays linear in the text.
 */
import type { CompiledTaxonomy } from "./compile-taxonomy.ts";
import { tokenize } from "./tokenize.ts";

export interface TermMatch {
  term: number;
  start: number;
  end: number;
}

const NONE: readonly number[] = [];

/** The word ids a token matches. */
function lookup(c: CompiledTaxonomy, norm: string, raw: string): readonly number[] {
  let ids: number[] | undefined;
  const exact = c.exact.get(norm);
  if (exact) ids = [...exact];
  const cased = c.exactCase.size ? c.exactCase.get(raw) : undefined;
  if (cased) (ids ??= []).push(...cased);
  for (let len = Math.max(c.minStem, norm.length - c.maxSuffix); len <= norm.length; len++) {
    const stem = c.stems.get(len === norm.length ? norm : norm.slice(0, len));
    if (stem) (ids ??= []).push(...stem);
  }
  return ids ?? NONE;
}

export function matchTerms(text: string, c: CompiledTaxonomy): TermMatch[] {
  const out: TermMatch[] = [];
  if (!text) return out;
  const tokens = tokenize(text);
  const ids = tokens.map((t) => lookup(c, t.norm, t.raw));
  for (let i = 0; i < tokens.length; i++) {
    if (ids[i]!.length === 0) continue;
    let frontier = [c.root];
    for (let k = i; k < tokens.length && frontier.length; k++) {
      const next = [];
      for (const node of frontier) {
        for (const id of ids[k]!) {
          const child = node.next.get(id);
          if (!child) continue;
          for (const term of child.terms) out.push({ term, start: tokens[i]!.start, end: tokens[k]!.end });
          if (child.next.size) next.push(child);
        }
      }
      frontier = next;
    }
  }
  return out;
}
