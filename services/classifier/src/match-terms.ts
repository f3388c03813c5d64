/**
 * Finds every taxonomy term in a text in one pass: tokenize, look each token up
 * once (exact word, then its prefixes as stems), then from each token that
 * matched something walk the phrase trie forward. Phrases are a few words long,
 * so the walk is bounded and the whole cost stays linear in the text.
 */
import { ANY_WORD, type CompiledTaxonomy, type PhraseNode } from "./compile-taxonomy.ts";
import { tokenize } from "./tokenize.ts";

export interface TermMatch {
  term: number;
  start: number;
  end: number;
}

const NONE: readonly number[] = [];

function concat(a: readonly number[], b: readonly number[] | undefined): readonly number[] {
  return !b ? a : a.length ? [...a, ...b] : b;
}

/** The word ids a token matches. (No closures here: this runs once per token.) */
function lookup(c: CompiledTaxonomy, norm: string, raw: string): readonly number[] {
  let ids: readonly number[] = c.exact.get(norm) ?? NONE;
  if (c.exactCase.size) ids = concat(ids, c.exactCase.get(raw));
  if (norm.length < c.minStem) return ids;
  const lengths = c.stemLengths.get(norm.slice(0, c.minStem));
  if (!lengths) return ids;
  const from = norm.length - c.maxSuffix;
  for (const len of lengths) {
    if (len > norm.length) break;
    if (len >= from) ids = concat(ids, c.stems.get(len === norm.length ? norm : norm.slice(0, len)));
  }
  return ids;
}

export function matchTerms(text: string, c: CompiledTaxonomy): TermMatch[] {
  const out: TermMatch[] = [];
  if (!text) return out;
  const tokens = tokenize(text);
  const ids: (readonly number[])[] = [];
  for (const t of tokens) ids.push(lookup(c, t.norm, t.raw));
  for (let i = 0; i < tokens.length; i++) {
    if (ids[i]!.length === 0) continue;
    let frontier = [c.root];
    for (let k = i; k < tokens.length && frontier.length; k++) {
      const next: PhraseNode[] = [];
      for (const node of frontier) {
        for (const id of ids[k]!) {
          const child = node.next.get(id);
          if (!child) continue;
          for (const term of child.terms) out.push({ term, start: tokens[i]!.start, end: tokens[k]!.end });
          if (child.next.size) next.push(child);
        }
        const gap = k > i ? node.next.get(ANY_WORD) : undefined; // a "~" word: any token, never the first
        if (gap) next.push(gap);
      }
      frontier = next;
    }
  }
  return out;
}
