import { describe, expect, it } from "vitest";
import { expandBraces, parseTerm, TermSyntaxError } from "./parse-term.ts";

describe("expandBraces", () => {
  it.each<[string, string[]]>([
    ["peace", ["peace"]],
    ["deal{,s}", ["deal", "deals"]],
    ["крим{,у,ом}", ["крим", "криму", "кримом"]],
    ["{us,u s} envoy{,s}", ["us envoy", "us envoys", "u s envoy", "u s envoys"]],
  ])("%s", (term, expected) => expect(expandBraces(term)).toEqual(expected));

  it.each(["deal{,s", "deal}", "a{b{c}}"])("refuses %s", (term) => expect(() => expandBraces(term)).toThrow(TermSyntaxError));
});

describe("parseTerm", () => {
  it("folds words like article text and marks stems", () => {
    expect(parseTerm("Мирн* переговор*", 3)).toEqual([
      [
        { text: "мирн", prefix: true },
        { text: "переговор", prefix: true },
      ],
    ]);
  });
  it("splits hyphenated words into tokens, the stem on the last", () => {
    expect(parseTerm("Абу-Дабі", 3)).toEqual([[{ text: "абу", prefix: false }, { text: "даби", prefix: false }]]);
  });
  it("keeps case for = words", () => {
    expect(parseTerm("=U.S. envoy", 3)).toEqual([[{ text: "U", prefix: false, exactCase: true }, { text: "S", prefix: false, exactCase: true }, { text: "envoy", prefix: false }]]);
  });
  it.each([
    ["a stem shorter than minStem", "ми*"],
    ["a star inside a word", "pe*ace"],
    ["a word without letters", "peace --"],
    ["= with *", "=US*"],
  ])("refuses %s", (_n, term) => expect(() => parseTerm(term, 3)).toThrow(TermSyntaxError));
});

describe("gaps", () => {
  it("~ is any one word, never first or last", () => {
    expect(parseTerm("withdraw* {,~ }troops", 3)).toEqual([
      [{ text: "withdraw", prefix: true }, { text: "troops", prefix: false }],
      [{ text: "withdraw", prefix: true }, { text: "~", prefix: false, any: true }, { text: "troops", prefix: false }],
    ]);
    expect(() => parseTerm("~ troops", 3)).toThrow(TermSyntaxError);
    expect(() => parseTerm("troops ~", 3)).toThrow(TermSyntaxError);
  });
});
