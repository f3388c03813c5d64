import { describe, expect, it } from "vitest";
import { retryDelay } from "./retry-delay.ts";

describe("retryDelay", () => {
  const p = { baseMs: 1000, maxMs: 60_000 };
  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0, 1000],
    [3, 1, 4000],
    [7, 1, 60_000],
    [100, 0, 30_000],
  ])("failure %i with random %d waits %i ms", (n, r, want) => {
    expect(retryDelay(n, p, () => r)).toBe(want);
  });
  it("grows with each failure", () => {
    const mid = (n: number) => retryDelay(n, p, () => 0.5);
    expect(mid(1)).toBeLessThan(mid(2));
    expect(mid(2)).toBeLessThan(mid(3));
  });
});
