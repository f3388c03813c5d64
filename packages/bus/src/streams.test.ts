import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { LEGACY_POLL_SUBJECT, POLL_STREAM, STREAM, SUBJECTS } from "@gw/events";
import { hasNatsServer, startNatsServer, type NatsServerHandle } from "@gw/testkit";
import { connectBus, ensureStreams, type Bus } from "./index.ts";
import { purgeLegacyPolls } from "./streams.ts";

const DAY_NS = 86_400 * 1e9;
const body = (s: string) => new TextEncoder().encode(s);

describe.skipIf(!hasNatsServer)("ensureStreams on a real nats-server", () => {
  let server: NatsServerHandle;
  let bus: Bus;
  beforeAll(async () => {
    server = await startNatsServer();
    bus = await connectBus(server.url, "streams-test", pino({ level: "silent" }));
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });
  const maxAge = async (name: string) => (await bus.jsm.streams.info(name)).config.max_age;
  const count = async (name: string, subject: string) => (await bus.jsm.streams.info(name, { subjects_filter: subject })).state.subjects?.[subject] ?? 0;

  it("keeps the event store unlimited and poll results for the configured days, in their own stream", async () => {
    await ensureStreams(bus.jsm, { pollHistoryDays: 3 });
    expect(await maxAge(STREAM)).toBe(0);
    expect(await maxAge(POLL_STREAM)).toBe(3 * DAY_NS);
    const ack = await bus.js.publish(SUBJECTS.feedPolled, body("{}"));
    expect(ack.stream).toBe(POLL_STREAM);
    expect((await bus.js.publish(SUBJECTS.articleDiscovered, body("{}"))).stream).toBe(STREAM);
  });

  it("changes the limit only when one is configured", async () => {
    await ensureStreams(bus.jsm);
    expect(await maxAge(POLL_STREAM)).toBe(3 * DAY_NS);
    await ensureStreams(bus.jsm, { pollHistoryDays: 7 });
    expect(await maxAge(POLL_STREAM)).toBe(7 * DAY_NS);
  });

  it("drops the poll results an earlier version stored in the event store, and nothing else", async () => {
    // What an earlier version left: poll results among the events.
    await bus.js.publish(LEGACY_POLL_SUBJECT, body("{}"));
    await bus.js.publish(LEGACY_POLL_SUBJECT, body("{}"));
    const articles = await count(STREAM, SUBJECTS.articleDiscovered);
    expect(await count(STREAM, LEGACY_POLL_SUBJECT)).toBe(2);
    await ensureStreams(bus.jsm, { pollHistoryDays: 7 });
    expect(await count(STREAM, LEGACY_POLL_SUBJECT)).toBe(0);
    expect(await count(STREAM, SUBJECTS.articleDiscovered)).toBe(articles);
    expect(articles).toBeGreaterThan(0);
  });

  it("purges in steps of sequences, every legacy message and nothing between them", async () => {
    for (let i = 0; i < 10; i++) {
      await bus.js.publish(LEGACY_POLL_SUBJECT, body("{}"));
      await bus.js.publish(SUBJECTS.articleDiscovered, body("{}"));
    }
    const articles = await count(STREAM, SUBJECTS.articleDiscovered);
    await purgeLegacyPolls(bus.jsm, 3);
    expect(await count(STREAM, LEGACY_POLL_SUBJECT)).toBe(0);
    expect(await count(STREAM, SUBJECTS.articleDiscovered)).toBe(articles);
  });

  it("takes a fractional number of days once: a restart with the same setting updates nothing", async () => {
    const update = bus.jsm.streams.update.bind(bus.jsm.streams);
    let updates = 0;
    bus.jsm.streams.update = (...args: Parameters<typeof update>) => {
      updates++;
      return update(...args);
    };
    try {
      await ensureStreams(bus.jsm, { pollHistoryDays: 2.01 });
      expect(updates).toBe(1);
      await ensureStreams(bus.jsm, { pollHistoryDays: 2.01 });
      expect(updates).toBe(1);
      expect(Math.abs((await maxAge(POLL_STREAM)) - 2.01 * DAY_NS)).toBeLessThan(1);
    } finally {
      bus.jsm.streams.update = update;
    }
  });
});
