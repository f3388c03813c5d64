import { describe, expect, it } from "vitest";
import { planChannel, type PlanInput, type WaitingRow } from "./plan-channel.ts";

const MIN = 60_000;
const T0 = Date.parse("2026-02-17T10:00:00Z");
const pending = (n: number, at = T0, prefix = "d"): WaitingRow[] =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}${String(i).padStart(3, "0")}`, status: "pending" as const, createdAt: at + i }));
const held = (rows: WaitingRow[], reason: "rate-limit" | "quiet-hours" = "rate-limit"): WaitingRow[] =>
  rows.map((r) => ({ ...r, status: "held" as const, holdReason: reason }));
const input = (p: Partial<PlanInput>): PlanInput => ({ now: T0, waiting: [], slotsAt: [], limit: { max: 10, windowMs: MIN }, quiet: { quiet: false }, ...p });

describe("planChannel", () => {
  it("releases everything under the limit", () => {
    const p = planChannel(input({ waiting: pending(3) }));
    expect(p).toEqual({ release: ["d000", "d001", "d002"], hold: [], digest: null, wakeAt: null });
  });

  it("holds what exceeds the limit and wakes when the oldest send leaves the window", () => {
    const p = planChannel(input({ waiting: pending(12), slotsAt: [T0 - 30_000] }));
    expect(p.release).toHaveLength(9);
    expect(p.hold.map((h) => h.key)).toEqual(["d009", "d010", "d011"]);
    expect(p.wakeAt).toBe(T0 - 30_000 + MIN);
  });

  it("folds everything held into one digest when a slot frees, then releases newer pending", () => {
    const waiting = [...held(pending(5)), ...pending(2, T0 + 1000, "n")];
    const p = planChannel(input({ now: T0 + MIN, waiting, slotsAt: [T0 - 1] }));
    expect(p.digest).toEqual({ keys: ["d000", "d001", "d002", "d003", "d004"], reason: "rate-limit" });
    expect(p.release).toEqual(["n000", "n001"]);
    expect(p.wakeAt).toBeNull();
  });

  it("sends a lone held alert as itself", () => {
    const p = planChannel(input({ waiting: held(pending(1)) }));
    expect(p).toMatchObject({ release: ["d000"], digest: null });
  });

  it("keeps holding while the window is full", () => {
    const slotsAt = Array.from({ length: 10 }, (_, i) => T0 - 1000 * i);
    const p = planChannel(input({ waiting: [...held(pending(4)), ...pending(1, T0, "n")], slotsAt }));
    expect(p).toMatchObject({ release: [], digest: null, hold: [{ key: "n000" }] });
    expect(p.wakeAt).toBe(T0 - 9000 + MIN);
  });

  it("holds everything in quiet hours and digests it at the end", () => {
    const q = planChannel(input({ waiting: pending(3), quiet: { quiet: true, endsAt: T0 + 5 * MIN } }));
    expect(q).toEqual({ release: [], hold: ["d000", "d001", "d002"].map((key) => ({ key, reason: "quiet-hours" })), digest: null, wakeAt: T0 + 5 * MIN });
    const after = planChannel(input({ now: T0 + 5 * MIN, waiting: held(pending(3), "quiet-hours") }));
    expect(after.digest).toEqual({ keys: ["d000", "d001", "d002"], reason: "quiet-hours" });
  });

  it("max 0 means no limit", () => {
    const p = planChannel(input({ waiting: pending(500), limit: { max: 0, windowMs: MIN } }));
    expect(p.release).toHaveLength(500);
  });

  it("a burst of 200 at 10 a minute: 10 alerts, then one digest naming the other 190 (injected clock)", () => {
    // Simulate the worker: rows arrive in uneven batches; plan, apply, advance the clock to wakeAt.
    const state = new Map<string, WaitingRow>();
    const released: Array<{ key: string; at: number }> = [];
    const digests: string[][] = [];
    let now = T0;
    const apply = () => {
      const waiting = [...state.values()].filter((r) => r.status === "pending" || r.status === "held");
      const p = planChannel(input({ now, waiting, slotsAt: released.map((r) => r.at) }));
      for (const k of p.release) {
        state.get(k)!.status = "released" as never;
        released.push({ key: k, at: now });
      }
      for (const h of p.hold) Object.assign(state.get(h.key)!, { status: "held", holdReason: h.reason });
      if (p.digest) {
        for (const k of p.digest.keys) state.get(k)!.status = "digested" as never;
        digests.push(p.digest.keys);
        released.push({ key: `digest${digests.length}`, at: now });
      }
      return p.wakeAt;
    };
    const all = pending(200);
    for (const [from, to] of [[0, 3], [3, 70], [70, 200]] as const) {
      for (const r of all.slice(from, to)) state.set(r.key, { ...r });
      apply();
      now += 5;
    }
    let wake = apply();
    while (wake !== null) {
      now = wake;
      wake = apply();
    }
    const single = released.filter((r) => !r.key.startsWith("digest")).map((r) => r.key);
    expect(single).toHaveLength(10);
    expect(digests).toHaveLength(1);
    expect(new Set([...single, ...digests.flat()]).size).toBe(200);
    expect(single.length + digests.flat().length).toBe(200);
    expect(released.at(-1)!.at - T0).toBeGreaterThanOrEqual(MIN);
  });
});
