import { describe, expect, it } from "vitest";
import type { DevelopmentData } from "@gw/events";
import { decideAlert, type AlertRules, type PriorAlert } from "./decide-alert.ts";

const base: DevelopmentData = {
  development_id: "d1",
  headline: "Delegations meet in Geneva",
  url: "https://example.org/a",
  source: "Example News",
  topics: ["ceasefire"],
  langs: ["en"],
  first_seen_at: "2026-02-17T10:00:00.000Z",
  updated_at: "2026-02-17T10:00:00.000Z",
  article_count: 1,
  source_count: 1,
  lead_article_id: "a1",
};
const rules = (r: Partial<AlertRules> = {}): AlertRules => ({ topics: [], languages: [], minOutlets: 1, alertOnUpdates: false, ...r });
const dev = (d: Partial<DevelopmentData> = {}): DevelopmentData => ({ ...base, ...d });
const prior = (sourceCount: number, topics: string[]): PriorAlert => ({ sourceCount, topics });

describe("decideAlert", () => {
  const cases: Array<[string, DevelopmentData, PriorAlert[], AlertRules, string | null]> = [
    ["a new development alerts under default rules", dev(), [], rules(), "development.opened:d1"],
    ["an already alerted development does not alert again", dev({ source_count: 3 }), [prior(1, ["ceasefire"])], rules(), null],
    ["below the outlet threshold: nothing", dev(), [], rules({ minOutlets: 2 }), null],
    ["reaching the threshold later alerts then, as the first alert", dev({ source_count: 2 }), [], rules({ minOutlets: 2 }), "development.opened:d1"],
    ["topic filter: no overlap", dev(), [], rules({ topics: ["territory"] }), null],
    ["topic filter: overlap", dev({ topics: ["territory", "ceasefire"] }), [], rules({ topics: ["territory"] }), "development.opened:d1"],
    ["topic filter: a development with no topics never matches", dev({ topics: [] }), [], rules({ topics: ["territory"] }), null],
    ["language filter: other language", dev({ langs: ["ru"] }), [], rules({ languages: ["en", "uk"] }), null],
    ["language filter: one of several", dev({ langs: ["ru", "uk"] }), [], rules({ languages: ["uk"] }), "development.opened:d1"],
    ["language filter: unknown language passes", dev({ langs: undefined }), [], rules({ languages: ["uk"] }), "development.opened:d1"],
    ["updates: a new outlet alerts", dev({ source_count: 2 }), [prior(1, ["ceasefire"])], rules({ alertOnUpdates: true }), "development.updated:d1.u2."],
    ["updates: a new topic alerts", dev({ topics: ["ceasefire", "territory"] }), [prior(1, ["ceasefire"])], rules({ alertOnUpdates: true }), "development.updated:d1.u1."],
    ["updates: a lost topic does not", dev({ topics: [] }), [prior(1, ["ceasefire"])], rules({ alertOnUpdates: true }), null],
    ["updates: a re-emitted older state does not", dev({ source_count: 2 }), [prior(1, []), prior(3, ["ceasefire"])], rules({ alertOnUpdates: true }), null],
  ];
  it.each(cases)("%s", (_name, d, p, r, want) => {
    const got = decideAlert(d, p, r);
    const summary = got && `${got.kind}:${got.alertKey}`.slice(0, want?.length ?? 0);
    expect(summary).toBe(want);
    expect(got?.alert.development_id ?? "d1").toBe("d1");
  });

  it("derives the same update key for the same content (a rebuild re-emits it)", () => {
    const d = dev({ source_count: 2, topics: ["b", "a"] });
    const a = decideAlert(d, [prior(1, [])], rules({ alertOnUpdates: true }));
    const b = decideAlert(dev({ source_count: 2, topics: ["a", "b"] }), [prior(1, [])], rules({ alertOnUpdates: true }));
    expect(a!.alertKey).toBe(b!.alertKey);
  });
});
