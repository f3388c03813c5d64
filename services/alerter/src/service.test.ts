import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { alertPayload, STREAM, SUBJECTS } from "@gw/events";
import { connectBus, ensureStreams, publishEvents, type Bus } from "@gw/bus";
import { hasNatsServer, startNatsServer, tempDir, waitFor, type NatsServerHandle } from "@gw/testkit";
import { webhookId } from "./channels/webhook.ts";
import { createLedger } from "./ledger.ts";
import { ledgerPath } from "./open-ledger.ts";
import { runAlerter } from "./service.ts";
import { openedEvent, updatedEvent } from "./testing/developments.ts";
import { writeTestConfig } from "./testing/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/webhook-receiver.ts";

const N = 20;
const logger = pino({ level: process.env.TEST_LOG ?? "silent" });

describe.skipIf(!hasNatsServer)("alerter end to end (real nats-server, real SQLite, local webhooks)", () => {
  let server: NatsServerHandle;
  let bus: Bus;
  let good: WebhookReceiver;
  let down: WebhookReceiver;
  const dir = tempDir("gw-alerter-");
  beforeAll(async () => {
    server = await startNatsServer();
    bus = await connectBus(server.url, "test", logger);
    await ensureStreams(bus.jsm);
    good = await startWebhookReceiver();
    down = await startWebhookReceiver();
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
    await good?.close();
    await down?.close();
    dir.remove();
  });

  const lines: string[] = [];
  const start = () => {
    const { config } = writeTestConfig(dir.path, server.url, {
      alertWebhooks: [good.url],
      alerter: { webhooks: [{ url: down.url, headers: { authorization: "Bearer s3cret" } }], nats: true, rateLimit: { max: 0 }, retry: { baseMs: 40, maxMs: 300, failingAfter: 3 } },
    });
    const ac = new AbortController();
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (String(chunk).startsWith("[alert]") ? lines.push(String(chunk)) > 0 : orig(chunk))) as typeof process.stdout.write;
    const done = runAlerter({ config, logger, bus, signal: ac.signal }).finally(() => (process.stdout.write = orig));
    return { config, stop: async () => (ac.abort(), await done) };
  };

  it("N developments → N webhook calls per the contract, a down webhook retried with backoff and blocking nothing", async () => {
    down.state.status = 500;
    const onNats: Array<{ subject: string; key: string | undefined }> = [];
    const sub = bus.nc.subscribe("alerts.>", { callback: (_e, m) => onNats.push({ subject: m.subject, key: m.headers?.get("Idempotency-Key") }) });
    const alerter = start();
    await publishEvents(bus.js, Array.from({ length: N }, (_, i) => ({ subject: SUBJECTS.developmentOpened, event: openedEvent(i) })));
    await waitFor(() => good.received.length >= N && lines.length >= N, { what: "N alerts on the good webhook and console" });
    const goodId = webhookId("webhook", good.url);
    for (const r of good.received) {
      const body = alertPayload.parse(r.body);
      expect(body.type).toBe("development.opened");
      expect(r.key).toBe(`${body.development_id}:${goodId}`);
      expect(body.text).toMatch(/^New development: Geneva round dev\d{4}.* https:\/\/news\.example\.org\/dev\d{4}$/);
    }
    expect(new Set(good.keys()).size).toBe(N);
    // Other programs get it on alerts.<topic>, once per topic, with the same kind of key.
    await waitFor(() => onNats.length >= 2 * N, { what: "NATS alerts" });
    sub.unsubscribe();
    expect(new Set(onNats.map((m) => m.subject))).toEqual(new Set(["alerts.nuclear-plant", "alerts.us-mediation"]));
    expect(onNats.every((m) => m.key?.endsWith(":nats:alerts"))).toBe(true);
    // The down webhook was tried again and again, with growing gaps, and got nothing.
    await waitFor(() => down.failedCalls >= 5, { what: "retries of the down webhook" });
    expect(down.received).toHaveLength(0);
    const gaps = down.failedAt.slice(1).map((t, i) => t - down.failedAt[i]!);
    expect(gaps[3]).toBeGreaterThanOrEqual(140); // 4th retry: 300 ms nominal, ≥ half of it
    expect(gaps[0]).toBeLessThan(gaps[3]!);
    const ledger = createLedger(ledgerPath(alerter.config));
    const downId = webhookId("webhook", down.url);
    expect(ledger.health(downId)).toMatchObject({ lastError: "HTTP 500" });
    expect(ledger.health(downId)!.consecutiveFailures).toBeGreaterThanOrEqual(3);
    ledger.close();
    // It comes back: everything arrives, once, with its auth header.
    down.state.status = 200;
    await waitFor(() => down.received.length >= N, { what: "the recovered webhook catching up" });
    expect(new Set(down.keys()).size).toBe(N);
    expect(down.received[0]!.headers.authorization).toBe("Bearer s3cret");
    await alerter.stop();
  });

  it("redelivery, updates and a replay of the whole stream send nothing again", async () => {
    const alerter = start();
    // Re-published facts under new msgIDs (as a rebuild would after the dedup window) and updates.
    const again = Array.from({ length: N }, (_, i) => openedEvent(i));
    for (const e of again) await bus.js.publish(SUBJECTS.developmentOpened, new TextEncoder().encode(JSON.stringify(e)), { msgID: `again-${e.id}` });
    await publishEvents(bus.js, Array.from({ length: N }, (_, i) => ({ subject: SUBJECTS.developmentUpdated, event: updatedEvent(i) })));
    await alerter.stop();
    // Replay everything: a fresh durable consumer starts from the first event.
    await bus.jsm.consumers.delete(STREAM, "alerter");
    const replay = start();
    // One new development marks the end: once it is delivered, the replay before it has been handled.
    await publishEvents(bus.js, [{ subject: SUBJECTS.developmentOpened, event: openedEvent(N) }]);
    await waitFor(() => good.received.length >= N + 1 && down.received.length >= N + 1, { what: "the marker development" });
    await new Promise((r) => setTimeout(r, 300));
    expect(good.received).toHaveLength(N + 1);
    expect(down.received).toHaveLength(N + 1);
    expect(lines).toHaveLength(N + 1);
    expect(good.received.at(-1)!.key.startsWith("dev0020:")).toBe(true);
    await replay.stop();
  });
});
