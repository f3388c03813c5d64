/**
 * Character folding shared by the taxonomy compiler and the matcher, so a term
 * written "Умєров" matches "Умеров", "УМЕРОВ" and "Умеров" with a combining mark.
 *
 * Rules, in order:
 * - NFKD, then drop combining marks (Unicode §3.11): "é" → "e", "й" → "и", "ё" → "е";
 *   compatibility forms fold too (full-width "Ｇｅｎｅｖａ" → "geneva").
 * - Lower case.
 * - Ukrainian and Russian letters that differ only in spelling conventions meet:
 *   є/э → е, і/ї/ы → и, ґ → г, and the signs ь ъ disappear. So one stem
 *   ("переговор", "женев", "мединск") covers both languages.
 * - A token mixing Latin and Cyrillic letters (a homoglyph trick, "Ukrаine" with a
 *   Cyrillic "а") has its look-alikes mapped to the script most of its letters use.
 */

const SCRIPT_MAP: Record<string, string> = { є: "е", э: "е", і: "и", ї: "и", ы: "и", ґ: "г", ь: "", ъ: "" };
const CYR_TO_LAT: Record<string, string> = { а: "a", в: "b", е: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x", и: "i", ј: "j", ѕ: "s" };
const LAT_TO_CYR: Record<string, string> = Object.fromEntries(
  Object.entries(CYR_TO_LAT).filter(([c]) => !"јѕ".includes(c)).map(([c, l]) => [l, c]),
);

const cache = new Map<number, string>();

/** The folded form of one code point (may be "" or several characters). */
function foldCodePoint(cp: number): string {
  if (cp >= 0x41 && cp <= 0x5a) return String.fromCharCode(cp + 32);
  if (cp < 0x80) return String.fromCharCode(cp);
  let f = cache.get(cp);
  if (f === undefined) {
    f = String.fromCodePoint(cp).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    f = f.replace(/[єэіїыґьъ]/g, (c) => SCRIPT_MAP[c] ?? c);
    cache.set(cp, f);
  }
  return f;
}

/** Folds one word (no separators expected). Pure and cached per code point. */
export function foldWord(word: string): string {
  let i = 0;
  while (i < word.length && word.charCodeAt(i) < 0x80) i++;
  // Most words are ASCII: the engine's lower-casing, no string built a character at a time.
  if (i === word.length) return word.toLowerCase();
  let out = word.slice(0, i).toLowerCase();
  for (; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 0x80) {
      out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : word[i];
      continue;
    }
    const cp = word.codePointAt(i)!;
    if (cp > 0xffff) i++;
    out += foldCodePoint(cp);
  }
  return unmixScripts(out);
}

function unmixScripts(s: string): string {
  let lat = 0;
  let cyr = 0;
  // By code unit: a surrogate is neither Latin nor Cyrillic, so this counts as by code point.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) lat++;
    else if (c >= 0x400 && c <= 0x4ff) cyr++;
  }
  if (!lat || !cyr) return s;
  const map = lat > cyr ? CYR_TO_LAT : LAT_TO_CYR;
  return s.replace(/[a-zа-яіјѕ]/g, (c) => map[c] ?? c);
}
