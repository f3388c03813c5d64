import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { feedPolled, feedPolledEvent, STREAM, type FeedPolled } from "@gw/events";
import { hasNatsServer, startNatsServer, type NatsServerHandle } from "@gw/testkit";
import { connectBus, ensureStreams, publishEvent, readOrdered, readOrderedInWorker, type Bus, type ReadItem, type WorkerReadOptions } from "./index.ts";

const schema = { module: "@gw/events", exportName: "feedPolled" };
const poll = (n: number, tag: string): FeedPolled =>
  feedPolledEvent({ feed_url: `https://x.test/${tag}`, status: "ok", items: n, new_items: 0, revised_items: 0, duration_ms: 1, next_poll_at: new Date(n * 1000).toISOString() }, new Date(n * 1000).toISOString());
const enc = new TextEncoder();

async function collect<T>(gen: AsyncGenerator<ReadItem<T>[]>): Promise<ReadItem<T>[][]> {
  const out: ReadItem<T>[][] = [];
  for await (const b of gen) out.push(b);
  return out;
}

describe.skipIf(!hasNatsServer)("readOrderedInWorker on a real nats-server", () => {
  let server: NatsServerHandle;
  let bus: Bus;
  let run = 0;
  const logger = pino({ level: "silent" });
  beforeAll(async () => {
    server = await startNatsServer();
    bus = await connectBus(server.url, "test", logger);
    await ensureStreams(bus.jsm);
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });

  /** n valid events on a fresh subject; returns the subject and the stream sequences. */
  async function publishPolls(n: number): Promise<{ subject: string; seqs: number[] }> {
    const subject = `gw.wtest.r${++run}`;
    const seqs: number[] = [];
    for (let i = 1; i <= n; i++) seqs.push((await publishEvent(bus.js, subject, poll(i, `${run}`))).seq);
    return { subject, seqs };
  }
  const opts = (subject: string, more: Partial<WorkerReadOptions> = {}): WorkerReadOptions => ({
    servers: server.url, schema, filterSubject: subject, fromSeq: 1, signal: new AbortController().signal, ...more,
  });

  it("yields what readOrdered yields: valid, invalid JSON, schema-invalid and skipped items, in order, in batches of at most maxBatch", async () => {
    const subject = `gw.wtest.r${++run}`;
    await publishEvent(bus.js, subject, poll(1, "mix"));
    await bus.js.publish(subject, enc.encode("not json"));
    await bus.js.publish(subject, enc.encode(JSON.stringify({ ...poll(2, "mix"), data: { items: "many" } })));
    await bus.js.publish(subject, enc.encode(JSON.stringify({ id: "o1", type: "article.discovered", version: 1, time: new Date(0).toISOString(), data: {} })));
    const last = (await publishEvent(bus.js, subject, poll(3, "mix"))).seq;
    const common = { filterSubject: subject, fromSeq: 1, untilSeq: last, maxBatch: 2, acceptTypes: new Set(["feed.polled"]) };
    const inMain = (await collect(readOrdered({ ...common, js: bus.js, schema: feedPolled, signal: new AbortController().signal }))).flat();
    const batches = await collect(readOrderedInWorker<FeedPolled>(opts(subject, common)));
    expect(batches.every((b) => b.length >= 1 && b.length <= 2)).toBe(true);
    const items = batches.flat();
    expect(items.map((i) => (i.ok ? "ok" : i.skip ? "skip" : i.reason.split(":")[0]))).toEqual(["ok", "not JSON", "schema", "skip", "ok"]);
    expect(items).toEqual(inMain);
    const bad = items[1];
    expect(bad && !bad.ok && new TextDecoder().decode(bad.data)).toBe("not json");
  });

  it("honours fromSeq and untilSeq, and yields nothing when untilSeq < fromSeq", async () => {
    const { subject, seqs } = await publishPolls(6);
    const items = (await collect(readOrderedInWorker<FeedPolled>(opts(subject, { fromSeq: seqs[1]!, untilSeq: seqs[4]!, maxBatch: 2 })))).flat();
    expect(items.map((i) => i.seq)).toEqual(seqs.slice(1, 5));
    expect(items.map((i) => i.ok && i.event.data.items)).toEqual([2, 3, 4, 5]);
    expect(await collect(readOrderedInWorker(opts(subject, { fromSeq: 5, untilSeq: 4 })))).toEqual([]);
  });

  it("stops on abort mid-stream: the generator ends without reading the rest", async () => {
    const { subject, seqs } = await publishPolls(40);
    const ac = new AbortController();
    const got: number[][] = [];
    for await (const batch of readOrderedInWorker<FeedPolled>(opts(subject, { maxBatch: 2, signal: ac.signal }))) {
      got.push(batch.map((i) => i.seq));
      ac.abort();
    }
    expect(got).toHaveLength(1);
    expect(got[0]).toEqual(seqs.slice(0, got[0]!.length));
  });

  it("breaking out early stops the worker: it pulls nothing more from the stream", async () => {
    const { subject, seqs } = await publishPolls(3);
    for await (const batch of readOrderedInWorker<FeedPolled>(opts(subject, { maxBatch: 1 }))) {
      expect(batch[0]?.seq).toBe(seqs[0]);
      break;
    }
    const delivered = async () => {
      const consumers = await bus.jsm.consumers.list(STREAM).next();
      const ours = consumers.filter((c) => c.config.filter_subject === subject);
      expect(ours).toHaveLength(1);
      return ours[0]!.delivered.stream_seq;
    };
    const before = await delivered();
    for (let i = 0; i < 20; i++) await publishEvent(bus.js, subject, poll(100 + i, "late"));
    await new Promise((r) => setTimeout(r, 300));
    expect(await delivered()).toBe(before);
  });

  it("throws a clear error for a schema module that cannot be imported, and for a NATS it cannot reach", async () => {
    const { subject } = await publishPolls(1);
    await expect(collect(readOrderedInWorker(opts(subject, { schema: { module: "@gw/no-such-module", exportName: "x" } })))).rejects.toThrow(/@gw\/no-such-module/);
    await expect(collect(readOrderedInWorker(opts(subject, { schema: { module: "@gw/events", exportName: "noSuchSchema" } })))).rejects.toThrow(/noSuchSchema/);
    await expect(collect(readOrderedInWorker(opts(subject, { servers: "nats://127.0.0.1:1" })))).rejects.toThrow(/cannot connect to NATS at nats:\/\/127\.0\.0\.1:1/);
  });
});
