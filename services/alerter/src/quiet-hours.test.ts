import { describe, expect, it } from "vitest";
import { quietState } from "./quiet-hours.ts";

const at = (iso: string) => Date.parse(iso);

describe("quietState", () => {
  const overnight = { start: "22:00", end: "07:00", timeZone: "UTC" };
  const cases: Array<[string, string, { start: string; end: string; timeZone: string } | undefined, string | null]> = [
    ["no quiet hours configured", "2026-02-17T23:00:00Z", undefined, null],
    ["before an overnight window", "2026-02-17T21:59:59Z", overnight, null],
    ["at its start", "2026-02-17T22:00:00Z", overnight, "2026-02-18T07:00:00.000Z"],
    ["after midnight", "2026-02-18T03:30:15Z", overnight, "2026-02-18T07:00:00.000Z"],
    ["at its end: not quiet", "2026-02-18T07:00:00Z", overnight, null],
    ["a daytime window", "2026-02-17T12:10:00Z", { start: "12:00", end: "13:00", timeZone: "UTC" }, "2026-02-17T13:00:00.000Z"],
    ["start == end: never quiet", "2026-02-17T12:10:00Z", { start: "12:00", end: "12:00", timeZone: "UTC" }, null],
    // Kyiv is UTC+2 in February: 22:30 local is 20:30Z, quiet ends at 07:00 local = 05:00Z.
    ["in a time zone", "2026-02-17T20:30:00Z", { ...overnight, timeZone: "Europe/Kyiv" }, "2026-02-18T05:00:00.000Z"],
    ["in a time zone, outside", "2026-02-17T19:30:00Z", { ...overnight, timeZone: "Europe/Kyiv" }, null],
  ];
  it.each(cases)("%s", (_n, now, q, endsAt) => {
    const s = quietState(at(now), q);
    expect(s.quiet ? new Date(s.endsAt).toISOString() : null).toBe(endsAt);
  });
});
