import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "@gw/testkit";
import { ConfigError, loadConfig } from "./index.ts";

const dir = tempDir("gw-config-");
afterAll(() => dir.remove());
const file = (name: string, text: string) => {
  const p = join(dir.path, name);
  writeFileSync(p, text);
  return p;
};

describe("loadConfig", () => {
  it("gives the contract's defaults with nothing set", () => {
    const c = loadConfig({}, dir.path);
    expect(c).toMatchObject({ db: "data/geneva-watch.db", pollIntervalSeconds: 300, alertWebhooks: [], logLevel: "info" });
    expect(c.natsUrl).toBeUndefined();
  });

  it("lets env vars win over the config file", () => {
    const cfg = file("a.json", JSON.stringify({ pollIntervalSeconds: 60, db: "x.db" }));
    const c = loadConfig({ GW_CONFIG: cfg, GW_POLL_INTERVAL: "2", GW_ALERT_WEBHOOK: "http://a/hook, https://b/x" }, dir.path);
    expect(c.pollIntervalSeconds).toBe(2);
    expect(c.db).toBe("x.db");
    expect(c.alertWebhooks).toEqual(["http://a/hook", "https://b/x"]);
  });

  it("accepts any poll interval of at least one second", () => {
    expect(loadConfig({ GW_POLL_INTERVAL: "1.5" }, dir.path).pollIntervalSeconds).toBe(1.5);
  });

  it.each([
    [{ GW_POLL_INTERVAL: "0" }, /GW_POLL_INTERVAL/],
    [{ GW_POLL_INTERVAL: "soon" }, /GW_POLL_INTERVAL/],
    [{ GW_ALERT_WEBHOOK: "not a url" }, /GW_ALERT_WEBHOOK.*http/],
    [{ NATS_URL: "localhost" }, /NATS_URL/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ GW_FEEDS: "/no/such/feeds.txt" }, /GW_FEEDS.*does not exist/],
    [{ GW_CONFIG: "/no/such/config.json" }, /config file .*cannot be read/],
  ])("refuses %j with one message naming it", (env, message) => {
    expect(() => loadConfig(env, dir.path)).toThrow(ConfigError);
    expect(() => loadConfig(env, dir.path)).toThrow(message);
  });

  it("names an unknown key in the config file", () => {
    const cfg = file("b.json", JSON.stringify({ pollIntervall: 5 }));
    expect(() => loadConfig({ GW_CONFIG: cfg }, dir.path)).toThrow(/b\.json.*pollIntervall/);
  });

  it("names a bad nested key", () => {
    const cfg = file("c.json", JSON.stringify({ ingester: { concurrency: -1 } }));
    expect(() => loadConfig({ GW_CONFIG: cfg }, dir.path)).toThrow(/ingester\.concurrency/);
  });

  it("refuses a config file that is not JSON", () => {
    const cfg = file("d.json", "{ nope");
    expect(() => loadConfig({ GW_CONFIG: cfg }, dir.path)).toThrow(/d\.json: not valid JSON/);
  });
});
