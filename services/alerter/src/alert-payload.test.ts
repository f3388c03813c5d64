import { describe, expect, it } from "vitest";
import { alertPayload, type DevelopmentData } from "@gw/events";
import { buildAlert, buildDigest, digestKey } from "./alert-payload.ts";

const d = (id: string, extra: Partial<DevelopmentData> = {}): DevelopmentData => ({
  development_id: id,
  headline: `Talks\n resume   in Geneva ${id}`,
  url: `https://example.org/${id}`,
  source: "Example",
  topics: ["us-mediation"],
  first_seen_at: "2026-02-17T10:00:00.000Z",
  updated_at: "2026-02-17T11:00:00.000Z",
  article_count: 3,
  source_count: 3,
  lead_article_id: "a",
  ...extra,
});

describe("alert payloads", () => {
  it("builds the contract's payload with a one-line text", () => {
    const a = buildAlert(d("x1"), "development.opened");
    expect(alertPayload.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({ type: "development.opened", development_id: "x1", url: "https://example.org/x1", source: "Example", topics: ["us-mediation"] });
    expect(a.text).toBe("New development: Talks resume in Geneva x1 — Example (+2 more outlets) [us-mediation] https://example.org/x1");
    expect(a.text).not.toMatch(/\n/);
  });

  it("a digest names every folded development, and its key does not depend on order", () => {
    const alerts = Array.from({ length: 25 }, (_, i) => buildAlert(d(`x${i}`), "development.opened"));
    const g = buildDigest("k", alerts, "rate-limit");
    expect(alertPayload.safeParse(g).success).toBe(true);
    expect(g.developments!.map((e) => e.development_id)).toEqual(alerts.map((a) => a.development_id));
    expect(g.text).toMatch(/^Digest: 25 developments held back by the rate limit: .*; and 15 more$/);
    expect(digestKey(["a", "b"])).toBe(digestKey(["b", "a"]));
  });

  it("a digest of digests flattens their developments", () => {
    const inner = buildDigest("k1", [buildAlert(d("a"), "development.opened"), buildAlert(d("b"), "development.opened")], "quiet-hours");
    const outer = buildDigest("k2", [inner, buildAlert(d("c"), "development.opened")], "rate-limit");
    expect(outer.developments!.map((e) => e.development_id)).toEqual(["a", "b", "c"]);
  });
});
