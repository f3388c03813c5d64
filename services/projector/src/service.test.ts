import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { connectBus, ensureStreams, type Bus } from "@gw/bus";
import { loadConfig, type Config } from "@gw/config";
import { DEAD_LETTER_STREAM, SUBJECTS } from "@gw/events";
import { freePort, hasNatsServer, startNatsServer, tempDir, waitFor, type NatsServerHandle } from "@gw/testkit";
import { openReadModelReadonly } from "./open-read-model.ts";
import { readModelStatus } from "./queries.ts";
import { runProjector } from "./service.ts";
import { publishClassifications, readDevelopmentEvents } from "./stream-fixtures.ts";
import { syntheticClassifications } from "./synthetic-stream.ts";

describe.skipIf(!hasNatsServer)("projector service on a real nats-server", () => {
  let server: NatsServerHandle;
  let bus: Bus;
  let config: Config;
  let base: string;
  const dir = tempDir("gw-projsvc-");
  const logger = pino({ level: process.env.TEST_LOG ?? "silent" });
  const ac = new AbortController();
  let running: Promise<void>;
  let lastSeq = 0;
  const events = syntheticClassifications({ count: 400, seed: 11, relevantShare: 0.5, start: new Date(Date.now() - 3 * 86_400_000).toISOString() });
  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${base}${path}`, init);
    // oxlint-disable-next-line typescript/no-explicit-any -- response bodies are checked by the assertions
    const body: any = res.headers.get("content-type")?.includes("json") ? await res.json() : await res.text();
    return { status: res.status, type: res.headers.get("content-type"), body };
  };

  beforeAll(async () => {
    server = await startNatsServer();
    bus = await connectBus(server.url, "projector-test", logger);
    await ensureStreams(bus.jsm);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    writeFileSync(join(dir.path, "config.json"), JSON.stringify({ projector: { httpPort: port, relayIntervalMs: 100 } }));
    config = loadConfig({ GW_CONFIG: join(dir.path, "config.json"), GW_DB: join(dir.path, "rm.db"), NATS_URL: server.url, LOG_LEVEL: "silent" }, dir.path);
    await publishClassifications(bus, events.slice(0, 200));
    await bus.js.publish(SUBJECTS.articleClassified, new TextEncoder().encode('{"id":"x","type":"article.classified","version":1,"time":"2026-02-17T00:00:00Z","data":{}}'));
    lastSeq = await publishClassifications(bus, events.slice(200));
    running = runProjector({ config, logger, bus, signal: ac.signal });
    await waitFor(() => {
      try {
        const db = openReadModelReadonly(config.db);
        const s = readModelStatus(db);
        db.close();
        return s.position === lastSeq && s.outbox_pending === 0;
      } catch {
        return false;
      }
    }, { what: "projection to reach the end of the stream" });
  });

  afterAll(async () => {
    ac.abort();
    await running;
    await bus?.close();
    await server?.stop();
    dir.remove();
  });

  it("projects every event, dead-letters the invalid one, relays each development event once", async () => {
    const dead = await bus.jsm.streams.getMessage(DEAD_LETTER_STREAM, { last_by_subj: `gw-dlq.${SUBJECTS.articleClassified}` });
    expect(dead.header.get("Gw-Reason")).toMatch(/schema: data\.article/);
    const db = openReadModelReadonly(config.db);
    const s = readModelStatus(db);
    const outbox = (db.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n;
    db.close();
    expect(s.articles).toBe(new Set(events.map((e) => e.data.article.article_id)).size);
    const relayed = await readDevelopmentEvents(bus);
    expect(relayed.length).toBe(outbox);
    expect(new Set(relayed.map((e) => e.id)).size).toBe(relayed.length);
    const opened = relayed.filter((e) => e.type === "development.opened").map((e) => e.data.development_id);
    expect(new Set(opened).size).toBe(opened.length);
    expect(opened.length).toBeGreaterThan(20);
  });

  it("refuses a second projector on the same file with a clear message", async () => {
    await expect(runProjector({ config, logger, bus, signal: new AbortController().signal })).rejects.toThrow(/already being written by a projector \(pid \d+/);
  });

  it("serves developments, one development with its articles, and articles", async () => {
    const list = await get("/api/developments?limit=5");
    expect(list.status).toBe(200);
    const devs = list.body.developments as Array<{ development_id: string; updated_at: string; topics: string[]; article_count: number }>;
    expect(devs).toHaveLength(5);
    expect([...devs].sort((a, b) => b.updated_at.localeCompare(a.updated_at))).toEqual(devs);
    const topic = devs[0]!.topics[0]!;
    const byTopic = (await get(`/api/developments?topic=${topic}&since=30d`)).body.developments as typeof devs;
    expect(byTopic.length).toBeGreaterThan(0);
    expect(byTopic.every((d) => d.topics.includes(topic))).toBe(true);
    expect((await get(`/api/developments?topic=${topic}&since=1m`)).body.developments).toEqual([]);
    const one = await get(`/api/developments/${devs[0]!.development_id}`);
    expect(one.body.articles).toHaveLength(devs[0]!.article_count);
    expect((await get("/api/developments/nope")).status).toBe(404);
    const arts = (await get("/api/articles?relevant=true&limit=3")).body.articles as Array<{ relevant: boolean }>;
    expect(arts).toHaveLength(3);
    expect(arts.every((a) => a.relevant)).toBe(true);
  });

  it("reports health and Prometheus metrics, and rejects bad requests", async () => {
    const h = await get("/healthz");
    expect(h.body).toMatchObject({ status: "ok", position: lastSeq, stream_last_seq: lastSeq, lag: 0 });
    expect(h.body.last_event_time).toEqual(expect.any(String));
    const m = await get("/metrics");
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(m.body).toMatch(/^gw_projector_events_projected_total \d+$/m);
    expect(m.body).toMatch(/^gw_projector_batch_seconds_count [1-9]\d*$/m);
    expect(m.body).toMatch(/^gw_projector_lag 0$/m);
    expect((await get("/api/developments?since=yesterday")).status).toBe(400);
    expect((await get("/api/developments?limit=0")).body).toEqual({ error: expect.stringMatching(/limit/) });
    expect((await get("/api/developments", { method: "POST" })).status).toBe(405);
  });
});

