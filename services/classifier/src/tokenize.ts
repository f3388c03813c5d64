/**
 * Splits text into word tokens with their offsets in the original string
 * (UTF-16 code units, as JavaScript indexes strings), each folded by foldWord.
 *
 * - A word is a run of letters, combining marks and digits (Unicode L, M, N).
 * - Hyphens, dashes, dots, quotes and emoji separate words: "Абу-Дабі" is two
 *   tokens, matched by the two-word term "абу даби".
 * - An apostrophe between two Cyrillic letters is part of the word and is dropped
 *   ("перемир'я", "об’єкт"); elsewhere it separates ("Ukraine's" → "ukraine", "s").
 */
import { foldWord } from "./fold-text.ts";

export interface Token {
  /** Folded form, compared with the folded taxonomy. */
  norm: string;
  /** The word as written (apostrophes dropped), for case-sensitive terms such as "=US". */
  raw: string;
  start: number;
  end: number;
}

const WORD_RE = /[\p{L}\p{M}\p{N}]/u;
const wordCache = new Map<number, boolean>();

function isWordCode(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a);
  if (cp >= 0x400 && cp <= 0x52f) return cp < 0x482 || cp > 0x489; // Cyrillic, minus its signs
  let w = wordCache.get(cp);
  if (w === undefined) {
    w = WORD_RE.test(String.fromCodePoint(cp));
    wordCache.set(cp, w);
  }
  return w;
}

const isApostrophe = (c: number) => c === 0x27 || c === 0x2019 || c === 0x2bc || c === 0x60 || c === 0x2032;
const isCyrillicCode = (c: number) => c >= 0x400 && c <= 0x52f;

/** One pass over the text; the cost is linear in its length. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let cp = text.codePointAt(i)!;
    if (!isWordCode(cp)) {
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    let joined = false;
    for (;;) {
      i += cp > 0xffff ? 2 : 1;
      if (i >= n) break;
      cp = text.codePointAt(i)!;
      if (isWordCode(cp)) continue;
      if (isApostrophe(cp) && i + 1 < n && isCyrillicCode(text.charCodeAt(i - 1)) && isCyrillicCode(text.charCodeAt(i + 1))) {
        joined = true;
        cp = text.charCodeAt(i + 1);
        i += 1;
        continue;
      }
      break;
    }
    const raw = text.slice(start, i);
    const word = joined ? raw.replace(/['’ʼ`′]/g, "") : raw;
    const norm = foldWord(word);
    if (norm) tokens.push({ norm, raw: word, start, end: i });
  }
  return tokens;
}
