/**
 * Turns one written term into the word patterns the matcher walks:
 * `{a,b}` alternatives are expanded, each word is tokenized and folded exactly
 * like article text, and a trailing `*` makes the last token of that word a stem.
 * A word written with a leading `=` is matched as written, case included
 * ("=US", "=U.S."), for abbreviations that fold into common words. A `~` word
 * stands for any one word ("withdraw* {,~ }troops" also matches "withdraw Russian troops").
 */
import { tokenize } from "./tokenize.ts";

export interface PatternWord {
  text: string;
  prefix: boolean;
  /** "~": any one word, for a gap inside a phrase ("виведення {,~ }військ"). */
  any?: boolean;
  /** Compared with the word as written, not folded ("=US" is not the pronoun "us"). */
  exactCase?: boolean;
}

export class TermSyntaxError extends Error {
  override name = "TermSyntaxError";
}

const MAX_VARIANTS = 1024;

/** Expands `{a,b,}` groups (several groups multiply). */
export function expandBraces(s: string): string[] {
  const open = s.indexOf("{");
  if (open < 0) {
    if (s.includes("}")) throw new TermSyntaxError(`unbalanced "}" in "${s}"`);
    return [s];
  }
  const close = s.indexOf("}", open);
  if (close < 0) throw new TermSyntaxError(`unbalanced "{" in "${s}"`);
  const inner = s.slice(open + 1, close);
  if (inner.includes("{")) throw new TermSyntaxError(`nested "{" in "${s}"`);
  const rest = expandBraces(s.slice(close + 1));
  const out: string[] = [];
  for (const alt of inner.split(",")) for (const r of rest) out.push(s.slice(0, open) + alt + r);
  if (out.length > MAX_VARIANTS) throw new TermSyntaxError(`"${s}" expands to more than ${MAX_VARIANTS} variants`);
  return out;
}

/** All pattern variants of a term; throws TermSyntaxError on a term that cannot match sensibly. */
export function parseTerm(term: string, minStem: number): PatternWord[][] {
  const variants: PatternWord[][] = [];
  for (const variant of expandBraces(term)) {
    const words: PatternWord[] = [];
    for (const raw of variant.split(/\s+/).filter(Boolean)) {
      if (raw === "~") {
        if (!words.length) throw new TermSyntaxError(`a term cannot start with "~", in "${term}"`);
        words.push({ text: "~", prefix: false, any: true });
        continue;
      }
      const exactCase = raw.startsWith("=");
      const prefix = raw.endsWith("*");
      const body = raw.slice(exactCase ? 1 : 0, prefix ? -1 : undefined);
      if (body.includes("*")) throw new TermSyntaxError(`"*" only at the end of a word, in "${term}"`);
      if (exactCase && prefix) throw new TermSyntaxError(`"=" and "*" do not combine, in "${term}"`);
      const toks = tokenize(body);
      if (!toks.length) throw new TermSyntaxError(`"${raw}" has no letters or digits, in "${term}"`);
      toks.forEach((t, i) =>
        words.push(exactCase ? { text: t.raw.normalize("NFKC"), prefix: false, exactCase } : { text: t.norm, prefix: prefix && i === toks.length - 1 }),
      );
      const last = words[words.length - 1]!;
      if (last.prefix && last.text.length < minStem) {
        throw new TermSyntaxError(`stem "${raw}" is shorter than ${minStem} letters, in "${term}"`);
      }
    }
    if (!words.length) throw new TermSyntaxError(`empty term "${term}"`);
    if (words[words.length - 1]!.any) throw new TermSyntaxError(`a term cannot end with "~", in "${term}"`);
    variants.push(words);
  }
  return variants;
}
