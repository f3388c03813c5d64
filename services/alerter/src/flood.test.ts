import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { SUBJECTS } from "@gw/events";
import { connectBus, ensureStreams, publishEvents, type Bus } from "@gw/bus";
import { hasNatsServer, startNatsServer, tempDir, waitFor, type NatsServerHandle } from "@gw/testkit";
import type { Alert } from "./alert-payload.ts";
import { runAlerter } from "./service.ts";
import { openedEvent } from "./testing/developments.ts";
import { writeTestConfig } from "./testing/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/webhook-receiver.ts";

const logger = pino({ level: process.env.TEST_LOG ?? "silent" });

describe.skipIf(!hasNatsServer)("flood control, real run with a short window", () => {
  let server: NatsServerHandle;
  let bus: Bus;
  let hook: WebhookReceiver;
  const dir = tempDir("gw-alerter-flood-");
  beforeAll(async () => {
    server = await startNatsServer();
    bus = await connectBus(server.url, "test", logger);
    await ensureStreams(bus.jsm);
    hook = await startWebhookReceiver();
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
    await hook?.close();
    dir.remove();
  });

  it("200 developments in a burst at 10 per window → 10 alerts and digests that together name all 200", async () => {
    const windowSeconds = 1.5;
    const { config } = writeTestConfig(dir.path, server.url, {
      alertWebhooks: [hook.url],
      alerter: { console: false, nats: false, rateLimit: { max: 10, windowSeconds } },
    });
    const ac = new AbortController();
    const done = runAlerter({ config, logger, bus, signal: ac.signal });
    const t0 = performance.now();
    await publishEvents(bus.js, Array.from({ length: 200 }, (_, i) => ({ subject: SUBJECTS.developmentOpened, event: openedEvent(i) })));
    const bodies = () => hook.received.map((r) => r.body as Alert);
    const named = () => new Set(bodies().flatMap((b) => (b.type === "digest" ? b.developments!.map((d) => d.development_id) : [b.development_id])));
    await waitFor(() => named().size === 200, { timeoutMs: 15_000, what: "all 200 developments named" });
    const singles = bodies().filter((b) => b.type === "development.opened");
    const digests = bodies().filter((b) => b.type === "digest");
    expect(singles).toHaveLength(10);
    expect(digests.length).toBeGreaterThanOrEqual(1);
    expect(digests.every((d) => d.reason === "rate-limit" && d.text.startsWith("Digest: "))).toBe(true);
    // Nobody is named twice, and the first digest waited for the window.
    const all = [...singles.map((s) => s.development_id), ...digests.flatMap((d) => d.developments!.map((x) => x.development_id))];
    expect(all).toHaveLength(200);
    const firstDigest = hook.received.find((r) => (r.body as Alert).type === "digest")!;
    expect(firstDigest.at - t0).toBeGreaterThanOrEqual(windowSeconds * 1000 - 100);
    expect(hook.received.every((r) => r.key.length > 0)).toBe(true);
    ac.abort();
    await done;
  });

  it("a webhook that was down recovers without a flood: at most `max` alerts in any window", async () => {
    const sub = tempDir("gw-alerter-flood2-");
    const down = await startWebhookReceiver();
    down.state.status = 500;
    const windowMs = 800;
    const { config } = writeTestConfig(sub.path, server.url, {
      alertWebhooks: [down.url],
      alerter: { console: false, nats: false, rateLimit: { max: 5, windowSeconds: windowMs / 1000 }, retry: { baseMs: 100, maxMs: 200 } },
    });
    const ac = new AbortController();
    const done = runAlerter({ config, logger, bus, signal: ac.signal });
    // Three waves while it is down, several windows apart.
    for (let wave = 0; wave < 3; wave++) {
      await publishEvents(bus.js, Array.from({ length: 10 }, (_, i) => ({ subject: SUBJECTS.developmentOpened, event: openedEvent(`down${wave}-${i}`) })));
      await new Promise((r) => setTimeout(r, windowMs * 1.5));
    }
    expect(down.failedCalls).toBeGreaterThan(3);
    down.state.status = 200;
    const bodies = () => down.received.map((r) => r.body as Alert);
    const named = () => bodies().flatMap((b) => (b.type === "digest" ? b.developments!.map((d) => d.development_id) : [b.development_id]));
    await waitFor(() => new Set(named()).size === 30, { timeoutMs: 10_000, what: "all 30 named after recovery" });
    expect(named()).toHaveLength(30);
    // Sliding-window check on what arrived (a little slack for timer and HTTP jitter).
    const at = down.received.map((r) => r.at);
    const busiest = Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + windowMs - 50).length));
    expect(busiest).toBeLessThanOrEqual(5);
    ac.abort();
    await done;
    await down.close();
    sub.remove();
  });
});
