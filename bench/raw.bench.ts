/**
 * The raw limits of the parts, measured in the same run as the pipeline so
 * every pipeline figure can be read as a ratio: JetStream publish (pipelined
 * in windows of 100, and awaiting each ack) and pull consume of messages the
 * size of our events, better-sqlite3 batched inserts, rss-parser on the same
 * generated feeds the system benchmark serves.
 */
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import Database from "better-sqlite3";
import { AckPolicy, RetentionPolicy, StorageType, connect, type NatsConnection } from "nats";
import { articleDiscoveredEvent } from "@gw/events";
import { tempDir } from "@gw/testkit";
import { FeedWorld, renderRss } from "./lib/feed-world.ts";
import { perSecond, type Metric } from "./lib/metric.ts";

const STREAM = "BENCH_RAW";

/** Real ArticleDiscovered events built from the generated items: "the size of our events". */
export function sampleEvents(n: number): Uint8Array[] {
  const world = new FeedWorld({ feeds: Math.ceil(n / 50), items: 50 });
  const enc = new TextEncoder();
  const now = new Date().toISOString();
  return world.expectedItems().slice(0, n).map((it) =>
    enc.encode(
      JSON.stringify(
        articleDiscoveredEvent(
          {
            article_id: it.guid,
            feed_url: `http://127.0.0.1:8080/f/${it.feed}.xml`,
            source: `Bench Outlet ${it.feed}`,
            url: `http://127.0.0.1:8080${it.path}`,
            title: it.title,
            summary: it.summary,
            lang: "en",
            guid: it.guid,
            published_at: now,
            discovered_at: now,
            content_hash: `${it.guid}-hash-0123456789abcdef`,
          },
          now,
        ),
      ),
    ),
  );
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function jetstream(nc: NatsConnection, quick: boolean): Promise<Metric[]> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.delete(STREAM).catch(() => false);
  await jsm.streams.add({ name: STREAM, subjects: ["bench.raw.>"], storage: StorageType.File, retention: RetentionPolicy.Limits });
  const js = nc.jetstream();
  const nPipe = quick ? 5_000 : 25_000;
  const nEach = quick ? 1_000 : 5_000;
  const msgs = sampleEvents(nPipe);
  const avgBytes = msgs.reduce((a, m) => a + m.length, 0) / msgs.length;
  // Warm the connection and the JIT first: quick runs are short enough for it to show.
  await Promise.all(msgs.slice(0, 500).map((m, k) => js.publish("bench.raw.warm", m, { msgID: `w${k}` })));
  const pipeMs = await timed(async () => {
    for (let i = 0; i < nPipe; i += 100) {
      await Promise.all(msgs.slice(i, i + 100).map((m, k) => js.publish("bench.raw.pipe", m, { msgID: `p${i + k}` })));
    }
  });
  const eachMs = await timed(async () => {
    for (let i = 0; i < nEach; i++) await js.publish("bench.raw.each", msgs[i]!, { msgID: `e${i}` });
  });
  await jsm.consumers.add(STREAM, { durable_name: "raw", ack_policy: AckPolicy.Explicit, filter_subject: "bench.raw.pipe" });
  const consumer = await js.consumers.get(STREAM, "raw");
  const consumeMs = await timed(async () => {
    const it = await consumer.consume({ max_messages: 1000 });
    let n = 0;
    for await (const m of it) {
      m.ack();
      if (++n >= nPipe) break;
    }
    // Breaking out stops the iterator; awaiting close() after that never resolves (nats 2.29).
    await nc.flush();
  });
  await jsm.streams.delete(STREAM);
  const size = `${Math.round(avgBytes)}-byte ArticleDiscovered events`;
  return [
    { name: "JetStream publish, pipelined (windows of 100)", value: perSecond(nPipe, pipeMs), unit: "msgs/s", note: `${nPipe} ${size}, msgID set, file storage` },
    { name: "JetStream publish, await each", value: perSecond(nEach, eachMs), unit: "msgs/s" },
    { name: "JetStream pull consume (batch 1000, ack each)", value: perSecond(nPipe, consumeMs), unit: "msgs/s" },
  ];
}

function sqlite(quick: boolean): Metric {
  const dir = tempDir("gw-bench-sqlite-");
  try {
    const db = new Database(join(dir.path, "raw.db"));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec(`CREATE TABLE articles (article_id TEXT PRIMARY KEY, url TEXT, title TEXT, source TEXT, feed_url TEXT,
      published_at TEXT, discovered_at TEXT, relevant INTEGER, topics TEXT, development_id TEXT)`);
    const insert = db.prepare("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const n = quick ? 20_000 : 100_000;
    const now = new Date().toISOString();
    const batch = db.transaction((from: number) => {
      for (let i = from; i < from + 500; i++) {
        insert.run(`a${i}`, `http://127.0.0.1/news/${i}`, `Title of article ${i} about the Geneva talks`, "Bench Outlet", "http://127.0.0.1/f/1.xml", now, now, i % 3 === 0 ? 1 : 0, '["territory"]', i % 3 === 0 ? `d${i % 997}` : null);
      }
    });
    const t0 = performance.now();
    for (let i = 0; i < n; i += 500) batch(i);
    const ms = performance.now() - t0;
    db.close();
    return { name: "better-sqlite3 insert, WAL, prepared, 500 rows/txn", value: perSecond(n, ms), unit: "rows/s", note: "synchronous=NORMAL, an articles-shaped row" };
  } finally {
    dir.remove();
  }
}

interface RssParser {
  parseString(xml: string): Promise<{ items: unknown[] }>;
}
// rss-parser is the ingester's dependency; load it from there rather than add it to the root.
const requireFromIngester = createRequire(new URL("../services/ingester/package.json", import.meta.url));

async function rssParser(quick: boolean): Promise<Metric> {
  const Parser = requireFromIngester("rss-parser") as new () => RssParser;
  const feeds = quick ? 40 : 200;
  const world = new FeedWorld({ feeds, items: 50 });
  const docs = world.feeds.map((_, f) => renderRss(world, f, "http://127.0.0.1:8080"));
  for (const xml of docs.slice(0, 10)) await new Parser().parseString(xml); // JIT warm-up
  let items = 0;
  const ms = await timed(async () => {
    for (const xml of docs) items += (await new Parser().parseString(xml)).items.length;
  });
  return { name: "rss-parser parseString (50-item generated feeds)", value: perSecond(items, ms), unit: "items/s", note: `${feeds} feeds, one Parser per feed` };
}

/** Peak RSS of a process started like `gw run` that only loads the shared libraries: the floor of every service's RSS. */
function idleRss(): Metric {
  const script = new URL("./lib/idle-process.ts", import.meta.url).pathname;
  const root = new URL("..", import.meta.url).pathname;
  const kib = Number(execFileSync(process.execPath, ["--import", "tsx", script], { cwd: root, encoding: "utf8" }).trim());
  return { name: "idle node + tsx process with the services' libraries, peak RSS", value: kib / 1024, unit: "MiB", note: "the floor under each service's RSS: no build step, services run through the tsx loader" };
}

/** Raw limits; `natsUrl` is the harness's nats-server (a stream of its own, deleted after). */
export async function benchRaw(opts: { quick: boolean; natsUrl: string }): Promise<Metric[]> {
  const nc = await connect({ servers: opts.natsUrl });
  try {
    return [...(await jetstream(nc, opts.quick)), sqlite(opts.quick), await rssParser(opts.quick), idleRss()];
  } finally {
    await nc.drain();
  }
}
