/**
 * A chaos run: the whole pipeline (each service its own process, a real
 * nats-server) over a feed world that keeps growing, while a seeded random
 * schedule SIGKILLs a service or the nats-server and restarts it, hostile
 * feeds are served and invalid events are published on the bus. Then
 * everything is left to settle and compared with the feed server's oracle.
 */
import { SUBJECTS, DEAD_LETTER_STREAM } from "@gw/events";
import { mix } from "../../bench/lib/generate-item.ts";
import { SERVICES, type ServiceName } from "../../bench/lib/service-fleet.ts";
import { sleep, startSystemRun, until, type SystemRun } from "../../bench/lib/system-run.ts";
import { compareWithOracle, type ChaosVerdict } from "./compare-with-oracle.ts";

export interface ChaosOptions {
  feeds: number;
  /** Items each feed starts with. */
  items: number;
  /** Kills to do (the run lasts until they are done). */
  kills: number;
  /** Pause between kills (uniform in [min, max] ms). */
  killGapMs: [number, number];
  /** How long a killed process stays down (uniform in [min, max] ms). */
  downMs: [number, number];
  hostileShare: number;
  pollIntervalSeconds: number;
  ackWaitMs: number;
  seed: number;
  /** Kill these in turn instead of at random (the CI version makes sure each is hit). */
  targets?: readonly Target[];
  settleTimeoutMs: number;
  log?: (line: string) => void;
}

export interface ChaosReport extends ChaosVerdict {
  seed: number;
  killed: Record<ServiceName | "nats-server", number>;
  restarted: number;
  crashed: number;
  invalidEventsPublished: number;
  deadLettered: number;
  hostileFeeds: number;
  settledInMs: number;
  durationMs: number;
}

export type Target = ServiceName | "nats-server";
const TARGETS: readonly Target[] = [...SERVICES, "nats-server"];

/** A seeded random source, so a failing run can be repeated with its seed. */
function rng(seed: number) {
  let n = 0;
  const next = () => mix(seed, n++) / 2 ** 32;
  return { next, between: ([a, b]: [number, number]) => a + Math.floor(next() * (b - a + 1)) };
}

/** Kill order: rounds that each hit every target once, in random order, so no process is spared by chance. */
function killOrder(kills: number, next: () => number): Target[] {
  const out: Target[] = [];
  while (out.length < kills) {
    const round = [...TARGETS];
    for (let i = round.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [round[i], round[j]] = [round[j]!, round[i]!];
    }
    out.push(...round);
  }
  return out.slice(0, kills);
}

const INVALID_EVENTS: Array<[string, string]> = [
  [SUBJECTS.articleDiscovered, "{not json"],
  [SUBJECTS.articleDiscovered, JSON.stringify({ id: "bad-1", type: "article.discovered", version: 1, time: "now", data: { title: 42 } })],
  [SUBJECTS.articleClassified, JSON.stringify({ id: "bad-2", type: "article.classified", version: 1, time: new Date(0).toISOString(), data: {} })],
  [SUBJECTS.developmentOpened, JSON.stringify({ id: "bad-3", type: "development.opened", version: 1, time: "x", data: { development_id: "" } })],
  [SUBJECTS.articleDiscovered, "\u0000\u0001 binary junk"],
];

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => {});
  const r = rng(o.seed);
  const started = Date.now();
  const killed: ChaosReport["killed"] = { ingester: 0, classifier: 0, projector: 0, alerter: 0, "nats-server": 0 };
  let restarted = 0;
  let crashed = 0;
  let stopping = false;
  let run: SystemRun | undefined;
  const down = new Set<Target>();
  run = await startSystemRun({
    world: { feeds: o.feeds, items: o.items, seed: o.seed, hostileShare: o.hostileShare },
    hostile: { hugeBytes: 3 << 20, slowMs: 20_000 },
    pipeline: {
      pollIntervalSeconds: o.pollIntervalSeconds,
      ackWaitMs: o.ackWaitMs,
      ingester: { bodyCapBytes: 1 << 20, totalTimeoutMs: 3000, connectTimeoutMs: 1000, maxBackoffSeconds: 10 },
      logLevel: "warn",
    },
    // A process that dies on its own (not one we killed) is restarted like a supervisor would.
    onUnexpectedExit: (name, code, signal) => {
      if (stopping || down.has(name)) return;
      crashed++;
      log(`chaos: ${name} exited by itself (code ${code}, signal ${signal}); restarting`);
      setTimeout(() => {
        if (!stopping && run && !run.fleet.isRunning(name)) run.fleet.start(name);
      }, 500);
    },
  });
  const { world, fleet, nats } = run;
  const hostileFeeds = world.feeds.filter((f) => f.hostile).length;
  const normal = world.normalFeeds();
  let invalidEventsPublished = 0;
  try {
    for (const s of SERVICES) fleet.start(s);
    log(`chaos: seed ${o.seed}, ${o.feeds} feeds (${hostileFeeds} hostile), ${o.kills} kills; work dir ${run.dir}`);
    let lastAdvance = Date.now();
    const advancer = setInterval(() => {
      for (let k = 0; k < Math.max(1, Math.round(normal.length / 20)); k++) world.advance(normal[Math.floor(r.next() * normal.length)]!);
      lastAdvance = Date.now();
    }, 1000);
    // Invalid events go through JetStream, so each one counted is stored and must come out dead-lettered.
    const js = run.probe.nc.jetstream({ timeout: 2000 });
    let publishing = false;
    const invalid = setInterval(() => {
      if (publishing || down.has("nats-server")) return;
      const [subject, body] = INVALID_EVENTS[invalidEventsPublished % INVALID_EVENTS.length]!;
      publishing = true;
      void js.publish(subject, new TextEncoder().encode(body)).then(
        () => void invalidEventsPublished++,
        () => undefined, // the server went down meanwhile: not stored, not counted
      ).finally(() => (publishing = false));
    }, 700);
    const order = o.targets ?? killOrder(o.kills, r.next);
    try {
      for (let k = 0; k < o.kills; k++) {
        await sleep(r.between(o.killGapMs));
        const target = order[k % order.length]!;
        down.add(target);
        if (target === "nats-server") await nats.kill();
        else await fleet.kill(target);
        killed[target]++;
        const downFor = r.between(o.downMs);
        log(`chaos: kill ${k + 1}/${o.kills}: ${target} (down ${downFor} ms)`);
        await sleep(downFor);
        if (target === "nats-server") await nats.start();
        else if (!fleet.isRunning(target)) fleet.start(target);
        down.delete(target);
        restarted++;
      }
    } finally {
      clearInterval(advancer);
      clearInterval(invalid);
    }
    const settleStart = Date.now();
    // Settled: every well-behaved feed answered after its last change, and nothing is missing.
    const verdict = () => readVerdict(run!);
    await until(() => normal.every((f) => run!.server.lastRequestAt[f]! > lastAdvance + 100), o.settleTimeoutMs, 200);
    await until(() => {
      const v = verdict();
      return v.lost.length === 0 && v.notAlerted.length === 0;
    }, Math.max(1000, o.settleTimeoutMs - (Date.now() - settleStart)), 500);
    // A redelivery after an ack wait could still double something: give it the time to show.
    await sleep(o.ackWaitMs + 1000);
    const settledInMs = Date.now() - settleStart;
    const v = verdict();
    const dlq = await deadLettered(run);
    stopping = true;
    return { ...v, seed: o.seed, killed, restarted, crashed, invalidEventsPublished, deadLettered: dlq, hostileFeeds, settledInMs, durationMs: Date.now() - started };
  } catch (err) {
    for (const s of SERVICES) log(`--- ${s} log tail ---\n${run.logTail(s)}`);
    throw err;
  } finally {
    stopping = true;
    await run.close();
  }
}

function readVerdict(run: SystemRun): ChaosVerdict {
  const origin = run.server.origin;
  return compareWithOracle({
    expectedUrls: run.world.expectedItems().map((it) => origin + it.path),
    articles: run.readModel.all<{ article_id: string; url: string }>("SELECT article_id, url FROM articles"),
    developmentIds: run.readModel.all<{ id: string }>("SELECT development_id AS id FROM latest_developments").map((d) => d.id),
    aliasIds: run.readModel.all<{ id: string }>("SELECT alias_id AS id FROM development_aliases").map((d) => d.id),
    calls: run.hook.calls.map((c) => ({ developmentId: String(c.body.development_id), idempotencyKey: c.idempotencyKey })),
  });
}

async function deadLettered(run: SystemRun): Promise<number> {
  try {
    const jsm = await run.probe.nc.jetstreamManager();
    return (await jsm.streams.info(DEAD_LETTER_STREAM)).state.messages;
  } catch {
    return 0;
  }
}
