import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "@gw/testkit";
import { alertsCommand } from "./alerts-cli.ts";
import { createLedger } from "./ledger.ts";
import { ledgerPath } from "./open-ledger.ts";
import { devData } from "./testing/developments.ts";
import { writeTestConfig } from "./testing/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/webhook-receiver.ts";

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const orig = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  try {
    return { code: await alertsCommand(args), out };
  } finally {
    process.stdout.write = orig;
  }
}

describe("gw alerts", () => {
  const dir = tempDir("gw-alerts-cli-");
  let hook: WebhookReceiver;
  const saved = process.env.GW_CONFIG;
  beforeAll(async () => {
    hook = await startWebhookReceiver();
    const { file, config } = writeTestConfig(dir.path, "nats://127.0.0.1:1", { alertWebhooks: [hook.url], alerter: { console: false, nats: false, retry: { failingAfter: 2 } } });
    process.env.GW_CONFIG = file;
    const ledger = createLedger(ledgerPath(config));
    const T0 = Date.parse("2026-02-17T10:00:00Z");
    ledger.recordEvents([devData(1), devData(2)], ["console", "webhook:down"], config.alerter.rules, T0);
    ledger.plan("console", T0, { limit: { max: 0, windowMs: 1 }, quiet: { quiet: false } });
    ledger.plan("webhook:down", T0, { limit: { max: 0, windowMs: 1 }, quiet: { quiet: false } });
    ledger.markSent("dev0001", "console", T0 + 5);
    ledger.markSent("dev0002", "console", T0 + 6);
    ledger.markFailed("dev0001", "webhook:down", "HTTP 503", T0 + 7, T0 + 1007);
    ledger.markFailed("dev0001", "webhook:down", "HTTP 503", T0 + 1007, T0 + 3007);
    // A receiver that refused dev0002's payload for good.
    ledger.recordEvents([devData(2)], ["webhook:picky"], config.alerter.rules, T0);
    ledger.plan("webhook:picky", T0, { limit: { max: 0, windowMs: 1 }, quiet: { quiet: false } });
    ledger.markRejected("dev0002", "webhook:picky", "HTTP 413: payload too large", T0 + 8);
    ledger.close();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.GW_CONFIG;
    else process.env.GW_CONFIG = saved;
    await hook?.close();
    dir.remove();
  });

  it("list --json: recent alerts with per-channel status, and channel health", async () => {
    const { code, out } = await run(["list", "--json"]);
    expect(code).toBe(0);
    const s = JSON.parse(out);
    expect(s.alerts.map((a: { alert_key: string }) => a.alert_key)).toEqual(["dev0001", "dev0002"]);
    expect(s.alerts[0].channels).toEqual([
      expect.objectContaining({ channel: "console", status: "sent", attempts: 1 }),
      expect.objectContaining({ channel: "webhook:down", status: "released", attempts: 2, last_error: "HTTP 503" }),
    ]);
    expect(s.channels).toEqual([
      expect.objectContaining({ channel: "console", state: "ok", sent_total: 2 }),
      expect.objectContaining({ channel: "webhook:down", state: "failing", consecutive_failures: 2, last_error: "HTTP 503" }),
      expect.objectContaining({ channel: "webhook:picky", state: "ok", rejected: 1, rejected_total: 1, last_error: "HTTP 413: payload too large" }),
    ]);
    expect(s.alerts[1].channels).toContainEqual(expect.objectContaining({ channel: "webhook:picky", status: "rejected", last_error: "HTTP 413: payload too large" }));
  });

  it("list: a readable table that shows a failing channel", async () => {
    const { code, out } = await run(["list"]);
    expect(code).toBe(0);
    expect(out).toMatch(/^ {2}FAILING +webhook:down +sent 0, failed attempts 2; last error: HTTP 503; next try 2026-02-17T10:00:03\.007Z$/m);
    expect(out).toMatch(/^ {6}sent +console$/m);
    expect(out).toMatch(/^ {2}OK +webhook:picky +sent 0, REJECTED 1 \(gw alerts retry\), failed attempts 1; last error: HTTP 413: payload too large$/m);
    expect(out).toMatch(/^ {6}REJECTED +webhook:picky \(1 attempts; HTTP 413: payload too large\)$/m);
  });

  it("test: sends a test alert to every channel and says which worked", async () => {
    const ok = await run(["test"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^ok +webhook:127\.0\.0\.1/m);
    expect(hook.received.at(-1)!.body).toMatchObject({ type: "test" });
    hook.state.status = 500;
    const bad = await run(["test"]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^FAILED +webhook:.*HTTP 500$/m);
    hook.state.status = 200;
  });

  it("after gw alerts retry the channel no longer shows REJECTED (the total stays in --json)", async () => {
    expect((await run(["retry", "--channel", "webhook:picky"])).out).toMatch(/^1 rejected alert\(s\) re-queued$/m);
    const { out } = await run(["list"]);
    expect(out).toMatch(/^ {2}OK +webhook:picky +sent 0, failed attempts 1; last error: HTTP 413: payload too large$/m);
    expect(out).not.toMatch(/REJECTED/);
    const s = JSON.parse((await run(["list", "--json"])).out);
    expect(s.channels).toContainEqual(expect.objectContaining({ channel: "webhook:picky", rejected: 0, rejected_total: 1 }));
  });

  it("a bad subcommand or --limit is a usage error", async () => {
    expect((await run(["nope"])).code).toBe(2);
    expect((await run(["list", "--limit", "x"])).code).toBe(2);
    expect((await run(["retry", "--bogus"])).code).toBe(2);
  });
});
