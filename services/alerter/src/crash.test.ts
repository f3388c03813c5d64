import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { SUBJECTS } from "@gw/events";
import { connectBus, ensureStreams, publishEvents, type Bus } from "@gw/bus";
import { hasNatsServer, startNatsServer, tempDir, waitFor, type NatsServerHandle } from "@gw/testkit";
import { createLedger } from "./ledger.ts";
import { ledgerPath } from "./open-ledger.ts";
import { spawnAlerter } from "./testing/alerter-process.ts";
import { openedEvent, updatedEvent } from "./testing/developments.ts";
import { writeTestConfig } from "./testing/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/webhook-receiver.ts";

const ROUNDS = 6;
const PER_ROUND = 15;
const logger = pino({ level: "silent" });

/** A small seeded PRNG (mulberry32), so a failing run can be replayed from its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dupes = (keys: string[]) => keys.length - new Set(keys).size;

describe.skipIf(!hasNatsServer)("alerter under SIGKILL (child process, real nats-server)", () => {
  let server: NatsServerHandle;
  let bus: Bus;
  let slow: WebhookReceiver;
  let flaky: WebhookReceiver;
  const dir = tempDir("gw-alerter-crash-");
  beforeAll(async () => {
    server = await startNatsServer();
    bus = await connectBus(server.url, "test", logger);
    await ensureStreams(bus.jsm);
    // A slow receiver widens the window in which a kill finds a POST in flight.
    slow = await startWebhookReceiver({ delayMs: 15 });
    flaky = await startWebhookReceiver();
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
    await slow?.close();
    await flaky?.close();
    dir.remove();
  });

  it("delivers every development once per webhook across kills, except a same-key repeat of one in flight", async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
    const random = prng(seed);
    const { file, config } = writeTestConfig(dir.path, server.url, {
      alertWebhooks: [slow.url, flaky.url],
      stream: { ackWaitMs: 1000 },
      alerter: { console: false, nats: false, rateLimit: { max: 0 }, retry: { baseMs: 50, maxMs: 400 }, deliveryTimeoutMs: 2000 },
    });
    let kills = 0;
    let published = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // The flaky webhook is down for the first half: kills land while it is backing off.
      flaky.state.status = round < ROUNDS / 2 ? 500 : 200;
      const alerter = await spawnAlerter(file);
      const batch = Array.from({ length: PER_ROUND }, (_, i) => openedEvent(published + i));
      published += PER_ROUND;
      // Updates of earlier developments must not alert again.
      const updates = round > 0 ? [updatedEvent(published - PER_ROUND - 1)] : [];
      await publishEvents(bus.js, [...batch, ...updates].map((event) => ({ subject: event.type === "development.opened" ? SUBJECTS.developmentOpened : SUBJECTS.developmentUpdated, event })));
      await new Promise((r) => setTimeout(r, 20 + random() * 400));
      alerter.child.kill("SIGKILL");
      expect(await alerter.exited).toBe("SIGKILL");
      kills++;
    }
    flaky.state.status = 200;
    const last = await spawnAlerter(file);
    const want = new Set(Array.from({ length: published }, (_, i) => openedEvent(i).data.development_id));
    const ids = (r: WebhookReceiver) => new Set(r.keys().map((k) => k.split(":")[0]));
    await waitFor(() => ids(slow).size === want.size && ids(flaky).size === want.size, { timeoutMs: 30_000, what: `all ${want.size} developments on both webhooks (seed ${seed})` });
    await new Promise((r) => setTimeout(r, 300));
    last.child.kill("SIGTERM");
    expect(await last.exited).toBe(0);

    expect(ids(slow)).toEqual(want);
    expect(ids(flaky)).toEqual(want);
    // A repeat is only ever the same alert with the same key, at most one per kill and webhook.
    expect(dupes(slow.keys()), `seed ${seed}`).toBeLessThanOrEqual(kills);
    expect(dupes(flaky.keys()), `seed ${seed}`).toBeLessThanOrEqual(kills);
    expect(flaky.failedCalls).toBeGreaterThan(0);
    const ledger = createLedger(ledgerPath(config));
    const rows = ledger.all();
    ledger.close();
    expect(rows).toHaveLength(2 * published);
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    console.log(`crash test seed ${seed}: ${kills} kills, ${published} developments, repeats slow=${dupes(slow.keys())} flaky=${dupes(flaky.keys())}`);
  });
});
