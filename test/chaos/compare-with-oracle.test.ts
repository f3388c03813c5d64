import { describe, expect, it } from "vitest";
import { compareWithOracle, type OracleInput } from "./compare-with-oracle.ts";

const base: OracleInput = {
  expectedUrls: ["u1", "u2", "u3"],
  articles: [
    { article_id: "a1", url: "u1" },
    { article_id: "a2", url: "u2" },
    { article_id: "a3", url: "u3" },
  ],
  developmentIds: ["d1", "d2"],
  calls: [
    { developmentId: "d1", idempotencyKey: "d1:webhook" },
    { developmentId: "d2", idempotencyKey: "d2:webhook" },
  ],
};

describe("compareWithOracle", () => {
  const cases: Array<[string, Partial<OracleInput>, Record<string, unknown>]> = [
    ["a clean run", {}, { ok: true, lost: [], doubled: [], notAlerted: [], doubledAlerts: [], inFlightDuplicates: 0 }],
    ["an item with no row is lost", { articles: base.articles.slice(0, 2) }, { ok: false, lost: ["u3"] }],
    ["two rows for one link are a doubled item", { articles: [...base.articles, { article_id: "a1b", url: "u1" }] }, { ok: false, doubled: ["u1"] }],
    ["rows from hostile feeds are counted, not failed", { articles: [...base.articles, { article_id: "h", url: "hostile" }] }, { ok: true, fromHostileFeeds: 1 }],
    ["a development with no alert", { calls: base.calls.slice(0, 1) }, { ok: false, notAlerted: ["d2"] }],
    [
      "the same key twice is an in-flight re-send, allowed",
      { calls: [...base.calls, { developmentId: "d1", idempotencyKey: "d1:webhook" }] },
      { ok: true, inFlightDuplicates: 1, doubledAlerts: [] },
    ],
    [
      "another key for the same development is a doubled alert",
      { calls: [...base.calls, { developmentId: "d1", idempotencyKey: "d1:other" }] },
      { ok: false, doubledAlerts: ["d1"] },
    ],
    [
      "an alert without a key cannot be told apart: doubled",
      { calls: [...base.calls, { developmentId: "d2", idempotencyKey: undefined }] },
      { ok: false, doubledAlerts: ["d2"] },
    ],
    ["an alerted id no longer in the read model (regrouped) fails", { calls: [...base.calls, { developmentId: "gone", idempotencyKey: "gone:webhook" }] }, { ok: false, alertedUnknown: ["gone"] }],
    ["an alerted id merged into another development still resolves", { aliasIds: ["merged"], calls: [...base.calls, { developmentId: "merged", idempotencyKey: "merged:webhook" }] }, { ok: true, alertedUnknown: [], alertedMerged: 1 }],
  ];
  it.each(cases)("%s", (_name, patch, expected) => {
    expect(compareWithOracle({ ...base, ...patch })).toMatchObject(expected);
  });
});
