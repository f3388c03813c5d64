import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@gw/testkit";
import { buildAlert, buildDigest } from "../alert-payload.ts";
import { devData } from "../testing/developments.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../testing/webhook-receiver.ts";
import { describeError } from "./channel.ts";
import { createChannels } from "./create-channels.ts";
import { createNtfyChannel, headerValue } from "./ntfy.ts";
import { createWebhookChannel, webhookId } from "./webhook.ts";

const ctx = (key = "dev0001:c") => ({ idempotencyKey: key, signal: AbortSignal.timeout(2000) });

describe("HTTP channels against a local receiver", () => {
  let hook: WebhookReceiver;
  beforeAll(async () => {
    hook = await startWebhookReceiver();
  });
  afterAll(() => hook?.close());

  it("webhook: posts the JSON payload with Idempotency-Key and custom headers", async () => {
    const c = createWebhookChannel(hook.url, { "x-token": "t0ken" });
    const alert = buildAlert(devData(1), "development.opened");
    await c.deliver(alert, ctx());
    const r = hook.received.at(-1)!;
    expect(r.body).toEqual(alert);
    expect(r.headers["idempotency-key"]).toBe("dev0001:c");
    expect(r.headers["x-token"]).toBe("t0ken");
    expect(r.headers["content-type"]).toBe("application/json");
  });

  it("webhook: a 500 is a DeliveryError naming the status", async () => {
    hook.state.status = 500;
    const c = createWebhookChannel(hook.url);
    await expect(c.deliver(buildAlert(devData(1), "development.opened"), ctx())).rejects.toThrow("HTTP 500");
    hook.state.status = 200;
  });

  it.each([
    [400, "refused", /^HTTP 400: \{"error":"no_text", "detail":"refused k:w"\}$/],
    [429, "transient", /^HTTP 429: /],
    [503, "transient", /^HTTP 503$/],
  ])("webhook and ntfy: HTTP %i is %s; a 4xx keeps the receiver's reason on one line", async (status, kind, message) => {
    hook.state.status = status;
    for (const c of [createWebhookChannel(hook.url), createNtfyChannel(hook.url)]) {
      await expect(c.deliver(buildAlert(devData(1), "development.opened"), ctx("k:w"))).rejects.toMatchObject({ name: "DeliveryError", kind, status, message: expect.stringMatching(message) });
    }
    hook.state.status = 200;
  });

  it("ntfy: plain text, Title (RFC 2047 when not ASCII), Tags, Click; a digest lists every development", async () => {
    const c = createNtfyChannel(hook.url);
    await c.deliver(buildAlert(devData(2, { headline: "Умєров у Женеві" }), "development.opened"), ctx("dev0002:n"));
    const r = hook.received.at(-1)!;
    expect(typeof r.body).toBe("string");
    expect(r.body).toMatch(/^New development: Умєров у Женеві/);
    expect(r.headers.title).toBe(headerValue("Умєров у Женеві"));
    expect(Buffer.from(String(r.headers.title).slice(10, -2), "base64").toString("utf8")).toBe("Умєров у Женеві");
    expect(r.headers.tags).toBe("nuclear-plant,us-mediation");
    expect(r.headers.click).toBe("https://news.example.org/dev0002");
    const digest = buildDigest("dg", [1, 2, 3].map((i) => buildAlert(devData(i), "development.opened")), "rate-limit");
    await c.deliver(digest, ctx("dg:n"));
    expect(String(hook.received.at(-1)!.body).split("\n")).toHaveLength(4);
  });

  it.each([
    ["Spring Boot's error JSON (the path)", (path: string) => `{"timestamp":"2026-02-17T10:00:00.000+00:00","status":400,"error":"Bad Request","path":"${path.split("?")[0]}"}`],
    ["the whole URL", (path: string) => `Bad Request: cannot POST http://127.0.0.1${path} (no such route)`],
    ["the URL JSON-escaped", (path: string) => `{"error":"Bad Request","url":${JSON.stringify(`http://127.0.0.1${path}`).replaceAll("/", "\\/")}}`],
    ["the path's last segment", (path: string) => `Bad Request: unknown token ${path.split("?")[0]!.split("/").at(-1)}`],
    ["the query", (path: string) => `Bad Request: query ${path.split("?")[1]} not understood`],
  ])("a 4xx body echoing %s keeps the reason, not the hook URL's secret path or query", async (_, body) => {
    const url = `${new URL(hook.url).origin}/hooks/T0SECRETAAA/B0SECRETBBB/xyzSECRETtoken?token=SECRETquery`;
    hook.state.status = 400;
    hook.state.refusalBody = ({ path }) => body(path);
    try {
      const err = await createWebhookChannel(url).deliver(buildAlert(devData(1), "development.opened"), ctx()).catch((e: unknown) => e);
      expect(hook.refused.length).toBeGreaterThan(0);
      expect(describeError(err)).toMatch(/^HTTP 400: .*Bad Request/);
      expect(describeError(err)).not.toMatch(/SECRET/);
    } finally {
      hook.state.status = 200;
      hook.state.refusalBody = undefined;
    }
  });

  it("errors never carry the URL's secret path or the custom headers", async () => {
    const c = createWebhookChannel(`http://127.0.0.1:${await freePort()}/hooks/SECRET-PATH`, { authorization: "Bearer SECRET-TOKEN" });
    const err = await c.deliver(buildAlert(devData(1), "development.opened"), ctx()).catch((e: unknown) => e);
    expect(describeError(err)).toMatch(/ECONNREFUSED/);
    expect(describeError(err)).not.toMatch(/SECRET/);
    expect(c.id).not.toMatch(/SECRET/);
  });
});

describe("channel ids and configuration", () => {
  it("ids are stable, per URL, and free of secrets", () => {
    expect(webhookId("webhook", "https://hooks.slack.com/services/T0/B0/XYZ")).toBe(webhookId("webhook", "https://hooks.slack.com/services/T0/B0/XYZ"));
    expect(webhookId("webhook", "https://hooks.slack.com/services/T0/B0/XYZ")).toMatch(/^webhook:hooks\.slack\.com-[0-9a-f]{10}$/);
    expect(webhookId("webhook", "https://a.example/1")).not.toBe(webhookId("webhook", "https://a.example/2"));
  });

  it("merges GW_ALERT_WEBHOOK URLs with configured webhooks (headers win), once each", () => {
    const alerter = {
      console: true,
      rules: { topics: [], languages: [], minOutlets: 1, alertOnUpdates: false },
      webhooks: [{ url: "https://a.example/h", headers: { authorization: "x" } }],
      ntfy: [{ url: "https://ntfy.sh/geneva" }],
      nats: true,
      rateLimit: { max: 10, windowSeconds: 60 },
      retry: { baseMs: 1000, maxMs: 60_000, failingAfter: 5 },
      deliveryTimeoutMs: 1000,
      email: { host: "smtp.example", port: 587, secure: false, from: "gw@example.org", to: ["b@example.org", "a@example.org"] },
    };
    const ids = createChannels({ alertWebhooks: ["https://a.example/h", "https://b.example/h"], alerter }).map((c) => c.id);
    expect(ids).toEqual([
      "console",
      webhookId("webhook", "https://a.example/h"),
      webhookId("webhook", "https://b.example/h"),
      webhookId("ntfy", "https://ntfy.sh/geneva"),
      "email:a@example.org,b@example.org",
    ]);
  });
});
