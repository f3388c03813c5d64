import { describe, expect, it } from "vitest";
import { nextPollAt, parseMaxAge, parseRetryAfter } from "./next-poll.ts";

const base = { now: 0, intervalMs: 300_000, maxBackoffMs: 6 * 3600_000, jitter: 0.1, consecutiveFailures: 0, random: 0.5 };

describe("nextPollAt", () => {
  it.each([
    [0, 300_000],
    [1, 300_000],
    [2, 600_000],
    [5, 4_800_000],
    [20, 6 * 3600_000],
    [1000, 6 * 3600_000],
  ])("after %i consecutive failures waits %i ms", (failures, want) => {
    expect(nextPollAt({ ...base, consecutiveFailures: failures })).toBe(want);
  });

  it("jitters within ±jitter", () => {
    expect(nextPollAt({ ...base, random: 0 })).toBe(270_000);
    expect(nextPollAt({ ...base, random: 0.999999 })).toBeCloseTo(330_000, -1);
  });

  it("takes Retry-After / max-age as a floor, capped at the max backoff", () => {
    expect(nextPollAt({ ...base, floorMs: 3_600_000 })).toBe(3_600_000);
    expect(nextPollAt({ ...base, floorMs: 10 })).toBe(300_000);
    expect(nextPollAt({ ...base, floorMs: 365 * 86_400_000 })).toBe(6 * 3600_000);
  });

  it("accepts a 1-second interval", () => {
    expect(nextPollAt({ ...base, intervalMs: 1000, jitter: 0 })).toBe(1000);
  });
});

describe("header parsing", () => {
  it("reads Retry-After as seconds or an HTTP-date", () => {
    expect(parseRetryAfter("120", 0)).toBe(120_000);
    expect(parseRetryAfter("Thu, 01 Jan 1970 00:01:00 GMT", 0)).toBe(60_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
  it("reads max-age, not s-maxage", () => {
    expect(parseMaxAge("public, max-age=600")).toBe(600_000);
    expect(parseMaxAge("s-maxage=600")).toBeUndefined();
    expect(parseMaxAge("no-cache")).toBeUndefined();
  });
});
