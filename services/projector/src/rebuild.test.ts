import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lstatSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { connectBus, ensureStreams, type Bus } from "@gw/bus";
import { loadConfig, type Config } from "@gw/config";
import { hasNatsServer, startNatsServer, tempDir, waitFor, type NatsServerHandle } from "@gw/testkit";
import { developmentIdOf } from "./developments.ts";
import { dumpReadModel } from "./dump-read-model.ts";
import { latestCommand } from "./latest-cli.ts";
import { openReadModelReadonly } from "./open-read-model.ts";
import { readModelStatus } from "./queries.ts";
import { rebuildCommand } from "./rebuild-cli.ts";
import { runProjector } from "./service.ts";
import { publishClassifications, readDevelopmentEvents } from "./stream-fixtures.ts";
import { syntheticClassifications } from "./synthetic-stream.ts";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.text += chunk.toString();
    cb();
  }
}

describe.skipIf(!hasNatsServer)("gw rebuild on a real nats-server", () => {
  let server: NatsServerHandle;
  let bus: Bus;
  let config: Config;
  const dir = tempDir("gw-rebuild-");
  const logger = pino({ level: process.env.TEST_LOG ?? "silent" });
  const events = syntheticClassifications({ count: 3000, seed: 21, relevantShare: 0.4 });
  const status = () => {
    const db = openReadModelReadonly(config.db);
    try {
      return readModelStatus(db);
    } finally {
      db.close();
    }
  };
  async function projectUntil(seq: number) {
    const ac = new AbortController();
    const running = runProjector({ config, logger, bus, signal: ac.signal });
    await waitFor(() => {
      try {
        const s = status();
        return s.position >= seq && s.outbox_pending === 0;
      } catch {
        return false;
      }
    }, { what: `projection up to ${seq}` });
    return { stop: async () => (ac.abort(), await running) };
  }

  beforeAll(async () => {
    server = await startNatsServer();
    bus = await connectBus(server.url, "rebuild-test", logger);
    await ensureStreams(bus.jsm);
    writeFileSync(join(dir.path, "config.json"), JSON.stringify({ projector: { httpPort: -1, relayIntervalMs: 100 } }));
    Object.assign(process.env, { GW_CONFIG: join(dir.path, "config.json"), GW_DB: join(dir.path, "rm.db"), NATS_URL: server.url, LOG_LEVEL: "silent" });
    config = loadConfig();
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
    dir.remove();
  });

  it("refuses while a projector holds the file", async () => {
    const seq = await publishClassifications(bus, events.slice(0, 2500));
    const live = await projectUntil(seq);
    const err = new Capture();
    expect(await rebuildCommand([], { err })).toBe(1);
    expect(err.text).toMatch(/already being written by a projector/);
    await live.stop();
  });

  it("gives the live rows row for row, sends no alert again, and relays only what the old file had not reached", async () => {
    const liveRows = dumpReadModel(openReadModelReadonly(config.db));
    // The stream has late earlier copies: developments that kept their id while their lead changed.
    const leadMoved = (liveRows.latest_developments as Array<{ development_id: string; lead_article_id: string }>).filter((d) => d.development_id !== developmentIdOf(d.lead_article_id));
    expect(leadMoved.length).toBeGreaterThan(0);
    const alertsBefore = await readDevelopmentEvents(bus);
    expect(alertsBefore.length).toBeGreaterThan(50);
    const reader = openReadModelReadonly(config.db); // a reader open across the swap
    const err = new Capture();
    expect(await rebuildCommand([], { err })).toBe(0);
    expect(err.text).toMatch(/rebuild: seq [\d,]+\/[\d,]+ \(100%\) +[\d,]+ events\/s +ETA 0s/);
    expect(err.text).toMatch(/\(0 new development events relayed\)/); // JetStream's dedup window would hide a re-send: count it here
    expect(lstatSync(config.db).isSymbolicLink()).toBe(true);
    const rebuilt = openReadModelReadonly(config.db);
    expect(dumpReadModel(rebuilt)).toEqual(liveRows);
    rebuilt.close();
    expect(await readDevelopmentEvents(bus)).toEqual(alertsBefore);
    expect((reader.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n).toBe(liveRows.articles.length);
    reader.close();

    // Events the projector never saw before the rebuild: their development events are new, and go out once.
    const seq = await publishClassifications(bus, events.slice(2500));
    const err2 = new Capture();
    expect(await rebuildCommand([], { err: err2 })).toBe(0);
    expect(err2.text).toMatch(/\([1-9]\d* new development events relayed\)/);
    const after = await readDevelopmentEvents(bus);
    expect(after.length).toBeGreaterThan(alertsBefore.length);
    expect(new Set(after.map((e) => e.id)).size).toBe(after.length);
    expect(status()).toMatchObject({ position: seq, outbox_pending: 0 });

    // A projector started on the rebuilt file carries on from its position without re-sending anything.
    const live = await projectUntil(seq);
    await live.stop();
    expect(await readDevelopmentEvents(bus)).toEqual(after);
  });

  it("gw latest reads the rebuilt file: a table, or JSON for scripts", async () => {
    const out = new Capture();
    expect(await latestCommand(["--limit", "3", "--json"], { out })).toBe(0);
    const devs = JSON.parse(out.text) as Array<{ development_id: string; updated_at: string }>;
    expect(devs).toHaveLength(3);
    const table = new Capture();
    expect(await latestCommand(["--limit", "3", "--since", "3650d"], { out: table })).toBe(0);
    expect(table.text.split("\n")[0]).toMatch(/^UPDATED \(UTC\) +HEADLINE +SOURCE +TOPICS +ARTS\/SRCS$/);
    expect(table.text.trim().split("\n")).toHaveLength(4);
    const err = new Capture();
    expect(await latestCommand(["--since", "soon"], { out, err })).toBe(2);
    expect(err.text).toMatch(/neither a duration/);
  });
});
