import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { z } from "zod";
import { DEAD_LETTER_STREAM, STREAM } from "@gw/events";
import { hasNatsServer, startNatsServer, waitFor, type NatsServerHandle } from "@gw/testkit";
import { connectBus, ensureStreams, publishEvent, publishEvents, readOrdered, runConsumerLoop, type Bus, type Delivered } from "./index.ts";

const ev = z.object({ id: z.string(), type: z.literal("thing.happened"), version: z.literal(1), time: z.string(), data: z.object({ n: z.number() }) });
type Ev = z.infer<typeof ev>;
let run = 0;
const mk = (n: number, tag = `r${++run}`): Ev => ({ id: `${tag}-${n}`, type: "thing.happened", version: 1, time: new Date(0).toISOString(), data: { n } });

describe.skipIf(!hasNatsServer)("bus on a real nats-server", () => {
  let server: NatsServerHandle;
  let bus: Bus;
  const logger = pino({ level: process.env.TEST_LOG ?? "silent" });
  beforeAll(async () => {
    server = await startNatsServer();
    bus = await connectBus(server.url, "test", logger);
    await ensureStreams(bus.jsm);
    await ensureStreams(bus.jsm); // idempotent
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });

  it("drops a re-published event with the same id (msgID)", async () => {
    const a = await publishEvent(bus.js, "gw.test.dup", mk(1, "same"));
    const b = await publishEvent(bus.js, "gw.test.dup", mk(1, "same"));
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(true);
    expect(b.seq).toBe(a.seq);
  });

  it("consumes valid events in batches and dead-letters a bad one without stopping", async () => {
    await publishEvents(bus.js, [1, 2, 3].map((n) => ({ subject: "gw.loop.x", event: mk(n) })));
    await bus.js.publish("gw.loop.x", new TextEncoder().encode('{"id":"bad","type":"thing.happened","version":1,"time":"x","data":{"n":"nope"}}'));
    await bus.js.publish("gw.loop.x", new TextEncoder().encode("not json at all"));
    await publishEvent(bus.js, "gw.loop.x", mk(4));
    const seen: Delivered<Ev>[] = [];
    const ac = new AbortController();
    const loop = runConsumerLoop({
      js: bus.js, jsm: bus.jsm, logger, durable: "loop-test", filterSubject: "gw.loop.>", schema: ev, signal: ac.signal,
      handle: async (batch) => void seen.push(...batch),
    });
    await waitFor(() => seen.length >= 4, { what: "4 valid events" });
    await waitFor(async () => (await bus.jsm.streams.info(DEAD_LETTER_STREAM)).state.messages >= 2, { what: "two dead letters" });
    const dead = await bus.jsm.streams.getMessage(DEAD_LETTER_STREAM, { last_by_subj: "gw-dlq.gw.loop.x" });
    expect(dead.header.get("Gw-Reason")).toMatch(/not JSON/);
    expect(seen.map((d) => d.event.data.n)).toEqual([1, 2, 3, 4]);
    ac.abort();
    await loop;
    await bus.nc.flush();
    const info = await bus.jsm.consumers.info(STREAM, "loop-test");
    expect(info.num_ack_pending).toBe(0);
  });

  it("naks a failing handler's batch and redelivers it", async () => {
    await publishEvent(bus.js, "gw.retry.x", mk(10));
    let calls = 0;
    const got: number[] = [];
    const ac = new AbortController();
    const loop = runConsumerLoop({
      js: bus.js, jsm: bus.jsm, logger, durable: "retry-test", filterSubject: "gw.retry.>", schema: ev, signal: ac.signal, nakDelayMs: 100,
      handle: async (batch) => {
        if (++calls === 1) throw new Error("disk full");
        got.push(...batch.map((b) => b.event.data.n));
      },
    });
    await waitFor(() => got.length === 1, { what: "redelivery" });
    expect(calls).toBe(2);
    ac.abort();
    await loop;
  });

  it("reads in order from a checkpoint and stops at a given sequence", async () => {
    const acks = await publishEvents(bus.js, [20, 21, 22, 23].map((n) => ({ subject: "gw.ord.x", event: mk(n) })));
    const ac = new AbortController();
    const out: number[] = [];
    for await (const batch of readOrdered({ js: bus.js, filterSubject: "gw.ord.>", schema: ev, fromSeq: acks[1]!.seq, untilSeq: acks[3]!.seq, signal: ac.signal })) {
      for (const item of batch) if (item.ok) out.push(item.event.data.n);
    }
    expect(out).toEqual([21, 22, 23]);
  });

  /** The real client, with a stop arriving exactly while consume() is being set up. */
  function stopDuringConsumeSetup(ac: AbortController): Bus["js"] {
    const consumers = bus.js.consumers;
    const get: typeof consumers.get = async (...args: Parameters<typeof consumers.get>) => {
      const c = await consumers.get(...args);
      const consume = c.consume.bind(c);
      return Object.assign(c, {
        consume: async (...a: Parameters<typeof c.consume>) => {
          const m = await consume(...a);
          ac.abort();
          return m;
        },
      });
    };
    return Object.assign(Object.create(bus.js) as Bus["js"], { consumers: Object.assign(Object.create(consumers) as typeof consumers, { get }) });
  }

  it("stops when the stop arrives while the consumer is being set up", { timeout: 15_000 }, async () => {
    const ac = new AbortController();
    await runConsumerLoop({ js: stopDuringConsumeSetup(ac), jsm: bus.jsm, logger, durable: "race-test", filterSubject: "gw.race.>", schema: ev, signal: ac.signal, handle: async () => {} });
    const ac2 = new AbortController();
    for await (const _ of readOrdered({ js: stopDuringConsumeSetup(ac2), filterSubject: "gw.race.>", schema: ev, fromSeq: 1, signal: ac2.signal })) {
      // nothing was published on gw.race.>: the reader must end, not wait
    }
    expect(ac.signal.aborted && ac2.signal.aborted).toBe(true);
  });
});
