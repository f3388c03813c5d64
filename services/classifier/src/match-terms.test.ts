import { describe, expect, it } from "vitest";
import { compileTaxonomyValue } from "./load-taxonomy.ts";
import { matchTerms } from "./match-terms.ts";

// Two stems sharing a head ("negot*" and "negotiat*") and one of another length:
// a token is looked up only at the stem lengths its head has, within maxSuffix.
const tax = compileTaxonomyValue(
  {
    name: "stems",
    version: "1.0.0",
    settings: { maxSuffix: 3, minStem: 3 },
    gate: { score: ["talks"], threshold: 1 },
    signals: { talks: { terms: [{ w: 1, en: ["negot*", "negotiat*", "geneva", "ceas*"] }] } },
    topics: [{ id: "t", label: "T", terms: [{ en: ["ceasefire"] }] }],
  },
  "stems.json",
);
const text = (i: number) => tax.terms[i]!.text;

describe("matchTerms stems", () => {
  it.each<[string, string[]]>([
    ["negot", ["negot*"]],
    ["negotiat", ["negot*", "negotiat*"]], // "negot*" is 3 letters short: within maxSuffix
    ["negotiate", ["negotiat*"]], // "negot*" is 4 letters short: beyond maxSuffix
    ["negotiators", ["negotiat*"]],
    ["negotiatorsx", []], // both beyond maxSuffix
    ["NEGOTIAT", ["negot*", "negotiat*"]],
    ["neg", []],
    ["cease", ["ceas*"]],
    ["ceasefire", ["ceasefire"]], // the topic's word; "ceas*" is 5 short
    ["Ceasefirexy", []],
    ["geneva", ["geneva"]],
    ["genevas", []],
  ])("%s", (word, terms) => {
    expect(matchTerms(word, tax).map((m) => text(m.term)).sort()).toEqual([...terms].sort());
  });
});
