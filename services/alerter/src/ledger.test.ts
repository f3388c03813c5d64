import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { tempDir } from "@gw/testkit";
import type { Alert } from "./alert-payload.ts";
import { createLedger, type Ledger } from "./ledger.ts";
import { quietState } from "./quiet-hours.ts";
import { devData } from "./testing/developments.ts";

const rules = { topics: [], languages: [], minOutlets: 1, alertOnUpdates: false };
const MIN = 60_000;
const T0 = Date.parse("2026-02-17T10:00:00Z");
const noQuiet = { quiet: false } as const;

describe("ledger (real SQLite, real migrations)", () => {
  const dirs: Array<{ remove(): void }> = [];
  const ledgers: Ledger[] = [];
  const open = () => {
    const d = tempDir("gw-ledger-");
    dirs.push(d);
    const l = createLedger(join(d.path, "sub", "alerter.db"));
    ledgers.push(l);
    return { l, file: join(d.path, "sub", "alerter.db") };
  };
  afterEach(() => {
    for (const l of ledgers.splice(0)) if (l.sqlite.open) l.close();
    for (const d of dirs.splice(0)) d.remove();
  });

  it("records one pending row per (development, channel), once, across reopen", () => {
    const { l, file } = open();
    const devs = [devData(1), devData(2)];
    expect(Object.fromEntries(l.recordEvents(devs, ["console", "webhook:x"], rules, T0))).toEqual({ console: 2, "webhook:x": 2 });
    // A redelivery, a rebuild's re-emission and an update: nothing new.
    expect(l.recordEvents([...devs, devData(1, { source_count: 3, topics: ["ceasefire"] })], ["console", "webhook:x"], rules, T0 + 1).size).toBe(0);
    l.close();
    const again = createLedger(file);
    ledgers.push(again);
    expect(again.recordEvents(devs, ["console", "webhook:x"], rules, T0 + 2).size).toBe(0);
    expect(again.all().map((r) => `${r.alertKey}/${r.channel}/${r.status}`)).toEqual(["dev0001/console/pending", "dev0001/webhook:x/pending", "dev0002/console/pending", "dev0002/webhook:x/pending"]);
  });

  it("update alerts (when enabled) go in once per new outlet count", () => {
    const { l } = open();
    const r = { ...rules, alertOnUpdates: true };
    l.recordEvents([devData(1)], ["c"], r, T0);
    l.recordEvents([devData(1, { source_count: 2 }), devData(1, { source_count: 2 })], ["c"], r, T0 + 1);
    l.recordEvents([devData(1, { source_count: 2 })], ["c"], r, T0 + 2);
    expect(l.all().map((x) => x.kind)).toEqual(["development.opened", "development.updated"]);
  });

  it("a burst of 200 at 10 a minute becomes 10 alerts and one digest naming the other 190", () => {
    const { l } = open();
    l.recordEvents(Array.from({ length: 200 }, (_, i) => devData(i)), ["c"], rules, T0);
    const limit = { max: 10, windowMs: MIN };
    const first = l.plan("c", T0, { limit, quiet: noQuiet });
    expect(first.release).toHaveLength(10);
    expect(first.wakeAt).toBe(T0 + MIN);
    for (let row = l.nextDue("c"); row; row = l.nextDue("c")) l.markSent(row.alertKey, "c", T0 + 10);
    // The window counts from the sends (T0 + 10), not from the release.
    expect(l.plan("c", T0 + MIN + 9, { limit, quiet: noQuiet }).digest).toBeNull();
    const second = l.plan("c", T0 + MIN + 10, { limit, quiet: noQuiet });
    expect(second.digest?.keys).toHaveLength(190);
    const digest = l.nextDue("c")!;
    expect(digest.kind).toBe("digest");
    const payload = JSON.parse(digest.payload) as Alert;
    const named = new Set([...payload.developments!.map((d) => d.development_id), ...first.release]);
    expect(named.size).toBe(200);
    expect(l.all().filter((r) => r.status === "digested")).toHaveLength(190);
    // Planning again changes nothing: the digest is already out.
    expect(l.plan("c", T0 + MIN + 11, { limit, quiet: noQuiet })).toMatchObject({ release: [], digest: null });
  });

  it("an alert released but not sent (channel down) keeps its slot until it is sent", () => {
    const { l } = open();
    const limit = { max: 2, windowMs: MIN };
    l.recordEvents([devData(1), devData(2), devData(3)], ["c"], rules, T0);
    expect(l.plan("c", T0, { limit, quiet: noQuiet }).release).toEqual(["dev0001", "dev0002"]);
    // Ten minutes later, still unsent: no new slot.
    expect(l.plan("c", T0 + 10 * MIN, { limit, quiet: noQuiet }).release).toEqual([]);
    l.markSent("dev0001", "c", T0 + 10 * MIN);
    l.markSent("dev0002", "c", T0 + 10 * MIN);
    expect(l.plan("c", T0 + 11 * MIN - 1, { limit, quiet: noQuiet }).release).toEqual([]);
    expect(l.plan("c", T0 + 11 * MIN, { limit, quiet: noQuiet }).release).toEqual(["dev0003"]);
  });

  it("quiet hours hold alerts and send one digest at their end (injected clock)", () => {
    const { l } = open();
    const quiet = { start: "22:00", end: "07:00", timeZone: "UTC" };
    const night = Date.parse("2026-02-17T23:30:00Z");
    const limit = { max: 10, windowMs: MIN };
    l.recordEvents([devData(1), devData(2), devData(3)], ["c"], rules, night);
    const held = l.plan("c", night, { limit, quiet: quietState(night, quiet) });
    expect(held).toMatchObject({ release: [], wakeAt: Date.parse("2026-02-18T07:00:00Z") });
    expect(l.nextDue("c")).toBeUndefined();
    const end = held.wakeAt!;
    expect(l.plan("c", end, { limit, quiet: quietState(end, quiet) }).digest).toEqual({ keys: ["dev0001", "dev0002", "dev0003"], reason: "quiet-hours" });
    const digest = JSON.parse(l.nextDue("c")!.payload) as Alert;
    expect(digest.text).toMatch(/^Digest: 3 developments held during quiet hours/);
  });

  it("requeueRejected ends the hold and the backoff of the channels it re-queues on, and only theirs", () => {
    const { l } = open();
    l.recordEvents([devData(1), devData(2), devData(3), devData(4)], ["a", "b"], rules, T0);
    for (const c of ["a", "b"]) {
      l.plan(c, T0, { limit: { max: 0, windowMs: MIN }, quiet: noQuiet });
      for (const k of ["dev0001", "dev0002", "dev0003"]) l.markRejected(k, c, "HTTP 400: bad token", T0);
      l.markFailed("dev0004", c, "HTTP 400: bad token", T0, T0 + 60 * MIN, "refused");
    }
    expect(l.health("a")).toMatchObject({ consecutiveRejections: 3, nextTryAt: T0 + 60 * MIN });
    expect(l.requeueRejected({ channel: "a" }, T0 + MIN).map((r) => r.alertKey)).toEqual(["dev0001", "dev0002", "dev0003"]);
    expect(l.health("a")).toMatchObject({ consecutiveRejections: 0, nextTryAt: 0, rejectedTotal: 3 });
    expect(l.health("b")).toMatchObject({ consecutiveRejections: 3, nextTryAt: T0 + 60 * MIN });
    // The held alert stays first; the re-queued ones follow it.
    expect(l.nextDue("a")?.alertKey).toBe("dev0004");
  });

  it("requeueRejected for a development also takes back a rejected digest it was folded into, on that channel only", () => {
    const { l } = open();
    const quiet = { start: "22:00", end: "07:00", timeZone: "UTC" };
    const night = Date.parse("2026-02-17T23:30:00Z");
    const end = Date.parse("2026-02-18T07:00:00Z");
    const limit = { max: 0, windowMs: MIN };
    l.recordEvents([devData(1), devData(2), devData(3)], ["a", "b"], rules, night);
    for (const c of ["a", "b"]) l.plan(c, night, { limit, quiet: quietState(night, quiet) });
    for (const c of ["a", "b"]) l.plan(c, end, { limit, quiet: quietState(end, quiet) });
    const digest = l.nextDue("a")!;
    expect(digest.kind).toBe("digest");
    l.markRejected(digest.alertKey, "a", "HTTP 413: payload too large", end);
    l.recordEvents([devData(4)], ["a"], rules, end);
    expect(l.requeueRejected({ developmentId: "dev0004" }, end + 1)).toEqual([]);
    expect(l.requeueRejected({ developmentId: "dev0002" }, end + 1).map((r) => `${r.alertKey}/${r.channel}/${r.status}`)).toEqual([`${digest.alertKey}/a/released`]);
    // The digest on "b" was never rejected: still due there, untouched.
    expect(l.nextDue("b")).toMatchObject({ alertKey: digest.alertKey, status: "released", refusals: 0 });
  });

  it("tracks channel health: failures back off, a success resets", () => {
    const { l } = open();
    l.recordEvents([devData(1)], ["w"], rules, T0);
    l.plan("w", T0, { limit: { max: 0, windowMs: MIN }, quiet: noQuiet });
    expect(l.markFailed("dev0001", "w", "HTTP 500", T0, T0 + 1000)).toBe(1);
    expect(l.markFailed("dev0001", "w", "HTTP 500", T0 + 1000, T0 + 3000)).toBe(2);
    expect(l.health("w")).toMatchObject({ consecutiveFailures: 2, nextTryAt: T0 + 3000, lastError: "HTTP 500", failedTotal: 2 });
    l.markSent("dev0001", "w", T0 + 3000);
    expect(l.health("w")).toMatchObject({ consecutiveFailures: 0, nextTryAt: 0, sentTotal: 1, lastSuccessAt: T0 + 3000 });
    expect(l.all()[0]).toMatchObject({ status: "sent", attempts: 3, lastError: null });
  });
});
