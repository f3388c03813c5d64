/**
 * The chaos run, small enough for CI: 30 feeds (3 hostile), every service
 * and the nats-server SIGKILLed at least once while the feeds grow and
 * invalid events arrive; then nothing may be lost, doubled or left unalerted.
 * `pnpm chaos` is the full-size version (500 feeds, 24 kills).
 */
import { describe, expect, it } from "vitest";
import { hasNatsServer } from "@gw/testkit";
import { formatReport } from "./format-report.ts";
import { runChaos } from "./run-chaos.ts";

describe.skipIf(!hasNatsServer)("chaos (small)", () => {
  it("loses nothing and doubles nothing across kills of every process", { timeout: 110_000 }, async () => {
    const report = await runChaos({
      feeds: 30,
      items: 10,
      kills: 6,
      targets: ["projector", "nats-server", "classifier", "alerter", "ingester", "projector"],
      killGapMs: [700, 1500],
      downMs: [100, 800],
      hostileShare: 0.1,
      pollIntervalSeconds: 1,
      ackWaitMs: 2000,
      seed: 42,
      settleTimeoutMs: 50_000,
      log: process.env.TEST_LOG ? (l) => process.stderr.write(`${l}\n`) : undefined,
    });
    process.stderr.write(`${formatReport(report)}\n`);
    expect({
      everyProcessKilled: Object.values(report.killed).every((n) => n >= 1),
      lost: report.lost.slice(0, 5),
      doubled: report.doubled.slice(0, 5),
      notAlerted: report.notAlerted.slice(0, 5),
      doubledAlerts: report.doubledAlerts.slice(0, 5),
      alertedUnknown: report.alertedUnknown.slice(0, 5),
      projectedWellBehaved: report.rows - report.fromHostileFeeds,
    }).toEqual({ everyProcessKilled: true, lost: [], doubled: [], notAlerted: [], doubledAlerts: [], alertedUnknown: [], projectedWellBehaved: report.items });
    expect(report.developments).toBeGreaterThan(0);
    expect(report.invalidEventsPublished).toBeGreaterThan(0);
    expect(report.deadLettered).toBe(report.invalidEventsPublished);
  });
});
