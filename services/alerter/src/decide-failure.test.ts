import { describe, expect, it } from "vitest";
import { decideFailure, HOLD_REJECT_AFTER, MAX_REJECTIONS_IN_A_ROW, REJECT_AFTER, type FailureState } from "./decide-failure.ts";

const policy = { baseMs: 1000, maxMs: 300_000 };
const base: FailureState = { kind: "transient", refusals: 0, failures: 0, rejectionsInARow: 0 };
const full = () => 1;

describe("decideFailure", () => {
  it.each<[string, Partial<FailureState>, ReturnType<typeof decideFailure>]>([
    ["a down channel backs off exponentially", { failures: 3 }, { action: "retry", why: "down", delayMs: 8000 }],
    ["a down channel is never given up", { failures: 500, refusals: 9 }, { action: "retry", why: "down", delayMs: 300_000 }],
    ["a first refusal waits a minute", { kind: "refused" }, { action: "retry", why: "refused", delayMs: 60_000 }],
    ["a second refusal waits two", { kind: "refused", refusals: 1, failures: 1 }, { action: "retry", why: "refused", delayMs: 120_000 }],
    ["the third refusal rejects", { kind: "refused", refusals: REJECT_AFTER - 1 }, { action: "reject" }],
    ["refusals after 503s still get their tries", { kind: "refused", refusals: 0, failures: 40 }, { action: "retry", why: "refused", delayMs: 60_000 }],
    [
      "a receiver that rejected alert after alert is refusing everything: hold the queue",
      { kind: "refused", refusals: REJECT_AFTER - 1, failures: 2, rejectionsInARow: MAX_REJECTIONS_IN_A_ROW },
      { action: "retry", why: "refuses-everything", delayMs: 240_000 },
    ],
    [
      "a held channel's head alert still counts its refusals, minutes apart",
      { kind: "refused", refusals: 10, failures: 30, rejectionsInARow: MAX_REJECTIONS_IN_A_ROW + 2 },
      { action: "retry", why: "refuses-everything", delayMs: 300_000 },
    ],
    [
      "and is rejected after HOLD_REJECT_AFTER of them, so a held channel cannot stall forever",
      { kind: "refused", refusals: HOLD_REJECT_AFTER - 1, rejectionsInARow: MAX_REJECTIONS_IN_A_ROW },
      { action: "reject" },
    ],
    ["a held channel that is down is still only down", { failures: 2, refusals: HOLD_REJECT_AFTER, rejectionsInARow: MAX_REJECTIONS_IN_A_ROW }, { action: "retry", why: "down", delayMs: 4000 }],
    ["one earlier rejection does not", { kind: "refused", refusals: REJECT_AFTER - 1, rejectionsInARow: 1 }, { action: "reject" }],
  ])("%s", (_, s, want) => {
    expect(decideFailure({ ...base, ...s }, policy, full)).toEqual(want);
  });

  it("holding lasts about an hour per alert at the default policy (a receiver refusing everything mostly keeps its queue)", () => {
    const waits = (random: () => number) =>
      Array.from({ length: HOLD_REJECT_AFTER - 1 }, (_, refusals) => decideFailure({ ...base, kind: "refused", refusals, rejectionsInARow: MAX_REJECTIONS_IN_A_ROW }, policy, random))
        .map((d) => (d.action === "retry" ? d.delayMs : 0))
        .reduce((a, b) => a + b, 0);
    expect(waits(() => 0) / 60_000).toBeGreaterThan(40);
    expect(waits(full) / 60_000).toBeLessThan(90);
  });

  it("refusal waits are capped by the policy (tests use short ones)", () => {
    expect(decideFailure({ ...base, kind: "refused", refusals: 1 }, { baseMs: 40, maxMs: 300 }, full)).toEqual({ action: "retry", why: "refused", delayMs: 300 });
  });
});
