import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { connectBus, ensureStreams, type Bus } from "@gw/bus";
import { SUBJECTS, type ArticleClassified } from "@gw/events";
import { hasNatsServer, startNatsServer, tempDir, waitFor, type NatsServerHandle } from "@gw/testkit";
import { dumpReadModel } from "./dump-read-model.ts";
import { openReadModel, openReadModelReadonly } from "./open-read-model.ts";
import { createProjection } from "./projection.ts";
import { readModelStatus } from "./queries.ts";
import { publishClassifications, readDevelopmentEvents } from "./stream-fixtures.ts";
import { syntheticClassifications } from "./synthetic-stream.ts";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const KILLS = 5;

/** Position and pending outbox of the file, or undefined while it does not exist yet. */
function status(db: string) {
  try {
    const h = openReadModelReadonly(db);
    try {
      return readModelStatus(h);
    } finally {
      h.close();
    }
  } catch {
    return undefined;
  }
}

describe.skipIf(!hasNatsServer)("projector under SIGKILL", () => {
  let server: NatsServerHandle;
  let bus: Bus;
  const dir = tempDir("gw-crash-");
  const dbPath = join(dir.path, "rm.db");
  const events = syntheticClassifications({ count: 10_000, seed: 5, relevantShare: 0.3 });
  let lastSeq = 0;

  beforeAll(async () => {
    server = await startNatsServer();
    bus = await connectBus(server.url, "crash-test", pino({ level: "silent" }));
    await ensureStreams(bus.jsm);
    lastSeq = await publishClassifications(bus, events);
    writeFileSync(join(dir.path, "config.json"), JSON.stringify({ projector: { httpPort: -1, batchSize: 200, relayIntervalMs: 100 } }));
  });
  // A failed wait leaves its child running: kill whatever is still alive, or it outlives the test run.
  const children = new Set<ChildProcess>();
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await bus?.close();
    await server?.stop();
    dir.remove();
  });

  const start = (): ChildProcess => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", process.env.TEST_LOG ? "inherit" : "ignore"],
      env: { ...process.env, GW_CONFIG: join(dir.path, "config.json"), GW_DB: dbPath, NATS_URL: server.url, LOG_LEVEL: process.env.TEST_LOG ?? "silent" },
    });
    children.add(child);
    return child;
  };
  const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null || p.signalCode !== null ? r(p.exitCode) : p.once("exit", (code) => r(code))));

  it("ends with the tables of an uninterrupted run and each development event in the stream once", async () => {
    let seed = 99;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const killedAt: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const before = status(dbPath)?.position ?? 0;
      const target = before + Math.floor(rand() * ((lastSeq - before) / 2));
      const child = start();
      await waitFor(() => (status(dbPath)?.position ?? 0) >= target, { intervalMs: 5, timeoutMs: 30_000, what: `position ${target}` });
      child.kill("SIGKILL");
      await exited(child);
      killedAt.push(status(dbPath)?.position ?? 0);
    }
    const last = start();
    await waitFor(() => {
      const s = status(dbPath);
      return s !== undefined && s.position === lastSeq && s.outbox_pending === 0;
    }, { intervalMs: 20, timeoutMs: 60_000, what: "the end of the stream" });
    last.kill("SIGTERM");
    expect(await exited(last)).toBe(0);
    expect(new Set(killedAt).size).toBeGreaterThan(1); // the kills hit different points of the stream

    // The uninterrupted run: the same stream (JetStream kept the first of each msgID) in one go.
    const seen = new Set<string>();
    const stored: ArticleClassified[] = events.filter((e) => !seen.has(e.id) && seen.add(e.id));
    const ref = openReadModel(join(dir.path, "ref.db"));
    createProjection(ref, { windowHours: 48 }).applyBatch(stored.map((event, i) => ({ ok: true, event, seq: i + 1, subject: SUBJECTS.articleClassified })));
    const live = openReadModelReadonly(dbPath);
    expect(dumpReadModel(live)).toEqual(dumpReadModel(ref));
    const outboxIds = (db: typeof ref) => (db.prepare("SELECT event_id FROM outbox ORDER BY event_id").all() as Array<{ event_id: string }>).map((r) => r.event_id);
    expect(outboxIds(live)).toEqual(outboxIds(ref));

    const relayed = await readDevelopmentEvents(bus);
    expect(relayed.length).toBe(new Set(relayed.map((e) => e.id)).size);
    expect(relayed.map((e) => e.id).sort()).toEqual(outboxIds(ref));
    live.close();
    ref.close();
  });
});
