import { afterEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { tempDir, waitFor } from "@gw/testkit";
import { alertsCommand } from "./alerts-cli.ts";
import { createWebhookChannel } from "./channels/webhook.ts";
import { HOLD_REJECT_AFTER } from "./decide-failure.ts";
import { startDeliveryWorker } from "./delivery-worker.ts";
import { createLedger, type Ledger } from "./ledger.ts";
import { ledgerPath } from "./open-ledger.ts";
import { devData } from "./testing/developments.ts";
import { writeTestConfig } from "./testing/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/webhook-receiver.ts";

const N = 6;
const ids = Array.from({ length: N }, (_, i) => devData(i).development_id);

/**
 * One channel's worker against a real HTTP receiver and a real ledger (SQLite,
 * migrations), no bus: the consumer's part is `recordEvents`. Backoffs are
 * tens of milliseconds (retry.maxMs caps the refusal waits too).
 */
describe("delivery worker: refused payloads vs a down channel", () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup(opts: { start?: boolean } = {}) {
    const dir = tempDir("gw-worker-");
    const hook = await startWebhookReceiver();
    const { file, config } = writeTestConfig(dir.path, "nats://127.0.0.1:1", {
      alertWebhooks: [hook.url],
      alerter: { console: false, nats: false, rateLimit: { max: 0 }, retry: { baseMs: 20, maxMs: 80, failingAfter: 3 }, deliveryTimeoutMs: 2000 },
    });
    const ledger = createLedger(ledgerPath(config));
    const channel = createWebhookChannel(hook.url);
    const logs: Array<{ level: number; msg: string; development?: string; error?: string }> = [];
    const logger = pino({ level: "debug" }, { write: (s: string) => void logs.push(JSON.parse(s)) });
    const ac = new AbortController();
    let worker: ReturnType<typeof startDeliveryWorker> | undefined;
    const start = () => (worker = startDeliveryWorker({ channel, ledger, config: config.alerter, logger, signal: ac.signal, now: Date.now, idlePollMs: 30 }));
    if (opts.start !== false) start();
    cleanup.push(() => dir.remove(), () => hook.close(), () => ledger.close(), () => worker?.done, () => ac.abort());
    const send = (devs: string[]) => {
      ledger.recordEvents(devs.map((d) => devData(d)), [channel.id], config.alerter.rules, Date.now());
      worker?.wake();
    };
    return { hook, ledger, channel, logs, send, file, start };
  }

  /** Runs `gw alerts …` against this test's config, as another process would; returns its exit code and output. */
  async function cli(file: string, args: string[]): Promise<{ code: number; out: string }> {
    const saved = process.env.GW_CONFIG;
    process.env.GW_CONFIG = file;
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => out.push(String(s)) > 0) as typeof process.stdout.write;
    try {
      return { code: await alertsCommand(args), out: out.join("") };
    } finally {
      process.stdout.write = write;
      if (saved === undefined) delete process.env.GW_CONFIG;
      else process.env.GW_CONFIG = saved;
    }
  }

  const delivered = (hook: WebhookReceiver) => hook.keys().map((k) => k.split(":")[0]);
  const rowsOf = (ledger: Ledger) => Object.fromEntries(ledger.all().map((r) => [r.alertKey, r]));

  it("a receiver answering 400 to one development: the others go out, in order; that one ends rejected with the reason", async () => {
    const { hook, ledger, channel, logs, send } = await setup();
    hook.state.statusFor = (key) => (key.startsWith("dev0002:") ? 400 : undefined);
    send(ids);
    await waitFor(() => delivered(hook).length === N - 1, { what: "the alerts behind the refused one" });
    expect(delivered(hook)).toEqual(ids.filter((d) => d !== "dev0002"));
    await waitFor(() => rowsOf(ledger).dev0002?.status === "rejected", { what: "dev0002 rejected" });
    expect(hook.refused.map((r) => r.key)).toEqual(Array(3).fill(`dev0002:${channel.id}`));
    expect(rowsOf(ledger).dev0002).toMatchObject({ attempts: 3, refusals: 3 });
    expect(rowsOf(ledger).dev0002!.lastError).toMatch(/^HTTP 400: \{"error":"no_text", "detail":"refused dev0002:/);
    expect(ledger.health(channel.id)).toMatchObject({ consecutiveFailures: 0, rejectedTotal: 1, sentTotal: N - 1 });
    const logged = logs.find((l) => l.level === 50 && l.development === "dev0002");
    expect(logged?.msg).toMatch(/rejected/);
  });

  it("gw alerts retry re-queues a rejected alert; the running worker sends it with the same Idempotency-Key", async () => {
    const { hook, ledger, channel, send, file } = await setup();
    hook.state.statusFor = (key) => (key.startsWith("dev0001:") ? 422 : undefined);
    send(ids.slice(0, 3));
    await waitFor(() => rowsOf(ledger).dev0001?.status === "rejected" && delivered(hook).length === 2, { what: "dev0001 rejected, the others sent" });
    hook.state.statusFor = undefined; // the receiver is fixed
    const first = await cli(file, ["retry", "--channel", channel.id, "dev0001"]);
    const again = await cli(file, ["retry"]);
    expect([first.code, again.code]).toEqual([0, 0]);
    expect(first.out).toMatch(/^re-queued +dev0001 +webhook:.*HTTP 422/m);
    expect(again.out).toMatch(/^no rejected alerts match$/m);
    await waitFor(() => rowsOf(ledger).dev0001?.status === "sent", { what: "the re-queued alert sent" });
    expect(hook.keys()).toEqual([`dev0000:${channel.id}`, `dev0002:${channel.id}`, `dev0001:${channel.id}`]);
    expect(rowsOf(ledger).dev0001).toMatchObject({ lastError: null, attempts: 4 });
  });

  it("gw alerts retry ends a held channel's hold and backoff: the held alert and the re-queued ones go out at once", async () => {
    const { hook, ledger, channel, file, start } = await setup({ start: false });
    // Three rejected in a row, the fourth refused while held and backed off for an hour.
    const now = Date.now();
    ledger.recordEvents(ids.slice(0, 4).map((d) => devData(d)), [channel.id], { topics: [], languages: [], minOutlets: 1, alertOnUpdates: false }, now);
    ledger.plan(channel.id, now, { limit: { max: 0, windowMs: 1 }, quiet: { quiet: false } });
    for (const k of ids.slice(0, 3)) ledger.markRejected(k, channel.id, "HTTP 400: bad token", now);
    ledger.markFailed("dev0003", channel.id, "HTTP 400: bad token", now, now + 3_600_000, "refused");
    start();
    await new Promise((r) => setTimeout(r, 150));
    expect(delivered(hook)).toEqual([]);
    // The receiver is fixed (it was never called: the hold).
    expect((await cli(file, ["retry", "--channel", channel.id])).code).toBe(0);
    await waitFor(() => delivered(hook).length === 4, { what: "the held and re-queued alerts", timeoutMs: 3000 });
    expect(delivered(hook)).toEqual(["dev0003", "dev0000", "dev0001", "dev0002"]);
  });

  // A deleted hook (404, 410) is the URL, not the payload: down, like a 503.
  it.each([503, 404, 410])("a channel answering %i for a while: everything arrives, in order, nothing rejected", async (status) => {
    const { hook, ledger, send } = await setup();
    hook.state.status = status;
    send(ids);
    await waitFor(() => hook.failedCalls >= 6, { what: "six failed tries" });
    hook.state.status = 200;
    await waitFor(() => delivered(hook).length === N, { what: "the backlog" });
    expect(delivered(hook)).toEqual(ids);
    expect(new Set(hook.refused.map((r) => r.key.split(":")[0]))).toEqual(new Set(["dev0000"]));
    expect(ledger.all().every((r) => r.status === "sent")).toBe(true);
  });

  it("429 Too Many Requests is the channel being busy: the alert waits its turn, however long, and is not rejected", async () => {
    const { hook, ledger, send } = await setup();
    let busy = 8;
    hook.state.statusFor = (key) => (key.startsWith("dev0001:") && busy-- > 0 ? 429 : undefined);
    send(ids);
    await waitFor(() => delivered(hook).length === N, { what: "every alert" });
    expect(delivered(hook)).toEqual(ids);
    expect(hook.refused).toHaveLength(8);
    expect(ledger.all().every((r) => r.status === "sent")).toBe(true);
  });

  it("four payloads in a row the receiver really refuses (413) are all rejected in time; the alerts behind them go out", async () => {
    const { hook, ledger, channel, send, logs } = await setup();
    hook.state.statusFor = (key) => (/^dev000[0-3]:/.test(key) ? 413 : undefined);
    send(ids);
    await waitFor(() => delivered(hook).length === N - 4, { what: "the alerts behind four refused ones", timeoutMs: 8000 });
    expect(delivered(hook)).toEqual(ids.slice(4));
    // The fourth came while the channel was held (three rejected in a row); it was held a while, not forever.
    expect(logs.some((l) => /refuses every alert/.test(l.msg))).toBe(true);
    expect(rowsOf(ledger).dev0003).toMatchObject({ status: "rejected", refusals: HOLD_REJECT_AFTER });
    expect(ledger.all().filter((r) => r.status === "rejected").map((r) => r.alertKey)).toEqual(ids.slice(0, 4));
    expect(ledger.health(channel.id)).toMatchObject({ consecutiveRejections: 0, sentTotal: 2, rejectedTotal: 4 });
  });

  it("a receiver refusing everything (a bad token behind a 400) rejects a few, then holds the rest of the queue until it is fixed", async () => {
    const { hook, ledger, channel, send, logs } = await setup();
    hook.state.status = 400;
    send(ids);
    await waitFor(() => logs.some((l) => /refuses every alert/.test(l.msg)), { what: "the channel held" });
    await new Promise((r) => setTimeout(r, 200));
    const rejected = ledger.all().filter((r) => r.status === "rejected").map((r) => r.alertKey);
    expect(rejected).toEqual(["dev0000", "dev0001", "dev0002"]);
    expect(ledger.health(channel.id)!.consecutiveFailures).toBeGreaterThan(0);
    hook.state.status = 200;
    await waitFor(() => delivered(hook).length === N - 3, { what: "the held queue" });
    expect(delivered(hook)).toEqual(ids.slice(3));
    expect(ledger.health(channel.id)).toMatchObject({ consecutiveRejections: 0, rejectedTotal: 3 });
  });
});
