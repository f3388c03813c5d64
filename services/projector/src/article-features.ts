/**
 * What the grouping compares: a pure function of one article's text and
 * labels, the same in every run (no corpus statistics, so the order in which
 * articles arrive cannot change a score).
 *
 * - Words: NFKC, case-folded, apostrophes dropped, split on anything that is
 *   not a letter or digit. Stop words of en/uk/ru go, and so do the words
 *   every talks article shares (Ukraine, Russia, talks, peace, Geneva, ...):
 *   they say "this is talks coverage", not "this is the same story".
 * - Stems: a prefix, which is crude but handles Ukrainian/Russian inflection
 *   (Женева/Женеві/Женеве → женев) and English plurals without a dictionary:
 *   5 letters for Cyrillic, 6 for Latin after a final "s" is dropped.
 * - Numbers: digit groups with thousands separators joined ("1,453" → 1453).
 *   "Distinctive" numbers (≥ 3 digits, not a year) are facts two rewrites of
 *   one story share across languages (300 prisoners, 157 POWs).
 */
import { linkKey } from "./link-key.ts";

export interface FeatureInput {
  url: string;
  title: string;
  summary: string;
  lang?: string | null | undefined;
  entities: readonly string[];
  topics: readonly string[];
}

export interface ArticleFeatures {
  urlKey: string;
  /** Sorted, distinct salient stems of the title (stop words and domain words out). */
  title: readonly string[];
  /** Sorted, distinct salient stems of title + summary (domain words out too). */
  text: readonly string[];
  /** Numbers in the title, and distinctive numbers in title + summary. */
  titleNumbers: readonly string[];
  numbers: readonly string[];
  entities: readonly string[];
  topics: readonly string[];
  script: "cyrillic" | "latin" | "other";
}

const STOP = new Set(
  (
    "the a an and or but of in on at to for from by with as is are was were be been has have had it its this that these those " +
    "after before over under into about amid says said say will would could may might not no new more than also who what when where " +
    "how why which while their they them he she his her we our you your i us up out off all any some one two three first last latest " +
    "live update updates video watch news report reports day week year today yesterday " +
    "і й та а але або в у на з із зі до від по за для про що це як не ні він вона вони його її їх ми ви також який яка які було буде " +
    "и а но или в во на с со к ко до от по за для про что это как не ни он она они его ее их мы вы также который которая которые было будет"
  ).split(" "),
);

/** Words shared by nearly all relevant coverage; they carry no story identity. */
const DOMAIN_WORDS =
  "ukraine ukrainian russia russian kyiv kiev moscow talks peace war geneva negotiations negotiators deal round delegation delegations " +
  "україна україни україні український російський росія росії київ москва переговори переговорів переговорах перемовини мир мирні війна війни женева делегація " +
  "украина украины украине российский россия россии киев москва переговоры переговорах мир мирные война войны женева делегация";

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/**
 * One copy of each stem and number string: the lead index holds the features
 * of every lead in the window, and outlets covering a story repeat its words.
 * Bounded (a table of the language, not of the articles): emptied when full.
 */
const pool = new Map<string, string>();
function intern(s: string): string {
  const hit = pool.get(s);
  if (hit !== undefined) return hit;
  if (pool.size >= 32_768) pool.clear();
  pool.set(s, s);
  return s;
}

function stem(word: string): string {
  if (CYRILLIC.test(word)) return intern(word.slice(0, 5));
  const w = word.length > 3 && word.endsWith("s") ? word.slice(0, -1) : word;
  return intern(w.slice(0, 6));
}

const DOMAIN = new Set(DOMAIN_WORDS.split(" ").map(stem));

function words(text: string): string[] {
  const norm = text.normalize("NFKC").toLowerCase().replace(/['’ʼ`]/g, "");
  return norm.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

const DIGITS = /^\p{N}+$/u;

function addSalientStems(text: string, out: Set<string>): Set<string> {
  for (const w of words(text)) {
    if (w.length < 3 || DIGITS.test(w) || STOP.has(w)) continue;
    const s = stem(w);
    if (!DOMAIN.has(s)) out.add(s);
  }
  return out;
}

/** Digit groups, thousands separators joined: "1,453", "1 453", "1'453" → "1453". */
export function numbersIn(text: string): string[] {
  const out = new Set<string>();
  // NFKC turns NBSP into a space, so a plain space also groups thousands ("1 000").
  for (const m of text.normalize("NFKC").matchAll(/(?<![\d.,])\d{1,3}(?:[, '’]\d{3})+(?![\d.,]\d)|\d+(?:[.,]\d+)?/g)) {
    const n = m[0].replace(/[, '’](?=\d{3}(?!\d))/g, "").replace(",", ".");
    out.add(intern(n.replace(/^0+(?=\d)/, "")));
  }
  return [...out].sort();
}

function isDistinctive(n: string): boolean {
  const int = n.split(".")[0] ?? "";
  if (n.includes(".")) return true;
  if (int.length < 3) return false;
  const v = Number(int);
  return !(int.length === 4 && v >= 1900 && v <= 2100);
}

function scriptOf(text: string): ArticleFeatures["script"] {
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    // ASCII: the letters are Latin, the rest is neither (no regex needed).
    if (c < 0x80) lat += (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? 1 : 0;
    else if (CYRILLIC.test(ch)) cyr++;
    else if (LATIN.test(ch)) lat++;
  }
  return cyr === 0 && lat === 0 ? "other" : cyr > lat ? "cyrillic" : "latin";
}

/**
 * Title and summary are tokenised once each: "title + summary" means the two
 * joined by a line break, across which no word, number or normalisation reaches.
 */
export function articleFeatures(a: FeatureInput): ArticleFeatures {
  const titleStems = addSalientStems(a.title, new Set());
  const textStems = addSalientStems(a.summary, new Set(titleStems));
  const titleNumbers = numbersIn(a.title);
  const numbers = new Set([...titleNumbers, ...numbersIn(a.summary)]);
  return {
    urlKey: linkKey(a.url),
    title: [...titleStems].sort(),
    text: [...textStems].sort(),
    titleNumbers,
    numbers: [...numbers].filter(isDistinctive).sort(),
    entities: [...new Set(a.entities.map((e) => e.toLowerCase()))].sort(),
    topics: [...new Set(a.topics)].sort(),
    script: scriptOf(a.title || a.summary),
  };
}

/** |a ∩ b| for sorted, distinct arrays. */
export function overlap(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** Sørensen–Dice coefficient of two sorted, distinct arrays. */
export function dice(a: readonly string[], b: readonly string[]): number {
  return a.length + b.length === 0 ? 0 : (2 * overlap(a, b)) / (a.length + b.length);
}
