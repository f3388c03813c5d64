import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "@gw/testkit";
import { defaultTaxonomyPath, loadTaxonomy, taxonomyPath, TaxonomyError } from "./load-taxonomy.ts";

const dir = tempDir("gw-tax-");
afterAll(() => dir.remove());

const minimal = {
  name: "mini",
  version: "1.0.0",
  gate: { score: ["talks"], threshold: 1 },
  signals: { talks: { terms: [{ w: 1, en: ["talks"] }] } },
  topics: [{ id: "t", label: "T", terms: [{ en: ["ceasefire"] }] }],
};

function write(name: string, value: unknown): string {
  const path = join(dir.path, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
}

describe("loadTaxonomy", () => {
  it("loads and compiles the bundled taxonomy with the eight fixed topic ids", () => {
    const tax = loadTaxonomy();
    expect(tax.version).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(tax.source.topics.map((t) => t.id).sort()).toEqual(
      ["ceasefire", "energy-strikes", "humanitarian", "nuclear-plant", "sanctions-economy", "security-guarantees", "territory", "us-mediation"],
    );
  });

  it("loads a minimal user taxonomy", () => {
    expect(loadTaxonomy(write("ok.json", minimal)).version).toBe("1.0.0");
  });

  it.each<[string, unknown, RegExp]>([
    ["a wrong type", { ...minimal, topics: [{ id: "t", label: "T", terms: [{ w: "heavy", en: ["x"] }] }] }, /key "topics\.0\.terms\.0\.w"/],
    ["an unknown key", { ...minimal, colour: "red" }, /key "colour"/],
    ["a missing version", { ...minimal, version: undefined }, /key "version"/],
    ["a bad topic id", { ...minimal, topics: [{ id: "Not An Id", label: "x", terms: [] }] }, /key "topics\.0\.id"/],
    ["a gate on an unknown signal", { ...minimal, gate: { score: ["nope"], threshold: 1 } }, /key "gate\.score\.0": unknown signal "nope"/],
    ["a rule on an unknown context", { ...minimal, rules: [{ id: "r", description: "d", context: "x", penalty: 1 }] }, /key "rules\.0\.context"/],
    ["a stem too short", { ...minimal, signals: { talks: { terms: [{ uk: ["ми*"] }] } } }, /key "signals\.talks\.terms\.0\.uk\.0": stem/],
    ["an unbalanced brace", { ...minimal, signals: { talks: { terms: [{ en: ["deal{,s"] }] } } }, /key "signals\.talks\.terms\.0\.en\.0": unbalanced/],
    ["duplicate topics", { ...minimal, topics: [minimal.topics[0], minimal.topics[0]] }, /key "topics\.1\.id": duplicate/],
    ["invalid JSON", "{ not json", /not valid JSON/],
  ])("refuses %s, naming the file and the key", (name, value, message) => {
    const path = write(`${name.replace(/\W+/g, "-")}.json`, value);
    expect(() => loadTaxonomy(path)).toThrow(TaxonomyError);
    expect(() => loadTaxonomy(path)).toThrow(message);
    expect(() => loadTaxonomy(path)).toThrow(path);
  });

  it("refuses a missing file by name", () => {
    expect(() => loadTaxonomy(join(dir.path, "absent.json"))).toThrow(/absent\.json: cannot be read/);
  });

  it("takes config.topics (GW_TOPICS) relative to the working directory, else the bundled file", () => {
    expect(taxonomyPath({ topics: "my.json" }, "/srv/gw")).toBe("/srv/gw/my.json");
    expect(taxonomyPath({}, "/srv/gw")).toBe(defaultTaxonomyPath);
  });
});
