import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { connectBus, ensureStreams, lastSequence, publishEvent, readOrdered, type Bus } from "@gw/bus";
import { loadConfig } from "@gw/config";
import {
  DEAD_LETTER_STREAM,
  STREAM,
  SUBJECTS,
  articleClassified,
  articleDiscoveredEvent,
  articleRevisedEvent,
  type ArticleClassified,
  type ArticleSnapshot,
} from "@gw/events";
import { hasNatsServer, startNatsServer, tempDir, waitFor, type NatsServerHandle } from "@gw/testkit";
import { compileTaxonomyValue, loadTaxonomy } from "./load-taxonomy.ts";
import { reclassify } from "./reclassify.ts";
import { runClassifier } from "./service.ts";

const logger = pino({ level: process.env.TEST_LOG ?? "silent" });
const T0 = "2026-02-17T10:00:00.000Z";

const article = (id: string, title: string, summary = ""): ArticleSnapshot => ({
  article_id: id,
  feed_url: "https://example.org/feed.xml",
  source: "Example",
  url: `https://example.org/${id}`,
  title,
  summary,
  published_at: T0,
  discovered_at: T0,
  content_hash: `h-${id}`,
});

async function classified(bus: Bus): Promise<ArticleClassified[]> {
  const last = await lastSequence(bus.jsm, STREAM, SUBJECTS.articleClassified);
  const out: ArticleClassified[] = [];
  if (last === 0) return out;
  const ac = new AbortController();
  for await (const batch of readOrdered({ js: bus.js, filterSubject: SUBJECTS.articleClassified, schema: articleClassified, fromSeq: 1, signal: ac.signal, untilSeq: last })) {
    for (const item of batch) if (item.ok) out.push(item.event);
  }
  return out;
}

describe.skipIf(!hasNatsServer)("classifier service on a real nats-server", () => {
  let server: NatsServerHandle;
  let bus: Bus;
  const dir = tempDir("gw-classifier-");
  beforeAll(async () => {
    server = await startNatsServer();
    bus = await connectBus(server.url, "classifier-test", logger);
    await ensureStreams(bus.jsm);
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
    dir.remove();
  });

  it("turns article events into classification events, dead-letters a bad one, acks everything", async () => {
    const config = loadConfig({ NATS_URL: server.url }, dir.path);
    const ac = new AbortController();
    const running = runClassifier({ config, logger, bus, signal: ac.signal, now: () => new Date("2026-02-17T12:00:00Z") });
    const talks = article("a1", "Ukraine and Russia resume peace talks in Geneva", "Umerov and Medinsky discussed a ceasefire.");
    await publishEvent(bus.js, SUBJECTS.articleDiscovered, articleDiscoveredEvent(talks, T0));
    await publishEvent(bus.js, SUBJECTS.articleDiscovered, articleDiscoveredEvent(article("a2", "US and Iran hold nuclear talks in Geneva"), T0));
    await bus.js.publish(SUBJECTS.articleDiscovered, new TextEncoder().encode(JSON.stringify({ id: "bad", type: "article.discovered", version: 1, time: T0, data: { title: 1 } })));
    const revised = { ...talks, content_hash: "h-a1-v2", summary: "Umerov and Medinsky agreed a prisoner exchange.", revision: 2, previous_hash: "h-a1" };
    await publishEvent(bus.js, SUBJECTS.articleRevised, articleRevisedEvent(revised, T0));

    const events = await waitFor(async () => {
      const got = await classified(bus);
      return got.length >= 3 ? got : undefined;
    }, { what: "3 classification events" });
    const byHash = new Map(events.map((e) => [e.data.article.content_hash, e]));
    expect(byHash.get("h-a1")!.data).toMatchObject({ relevant: true, topics: ["ceasefire"], entities: ["rustem-umerov", "vladimir-medinsky"], taxonomy_version: loadTaxonomy().version });
    expect(byHash.get("h-a1")!.data.article).toEqual(talks);
    expect(byHash.get("h-a1")!.time).toBe("2026-02-17T12:00:00.000Z");
    expect(byHash.get("h-a2")!.data.relevant).toBe(false);
    const v2 = byHash.get("h-a1-v2")!.data;
    expect(v2.topics).toEqual(["humanitarian"]);
    expect(v2.article).not.toHaveProperty("revision"); // the snapshot shape, not the revision event

    const dead = await waitFor(async () => (await bus.jsm.streams.info(DEAD_LETTER_STREAM)).state.messages >= 1, { what: "a dead letter" });
    expect(dead).toBe(true);
    const dl = await bus.jsm.streams.getMessage(DEAD_LETTER_STREAM, { last_by_subj: `gw-dlq.${SUBJECTS.articleDiscovered}` });
    expect(dl.header.get("Gw-Reason")).toMatch(/schema/);

    await waitFor(async () => (await bus.jsm.consumers.info(STREAM, "classifier")).num_ack_pending === 0 || undefined, { what: "all acked" });
    ac.abort();
    await running;
  });

  it("reclassifies the log with a new taxonomy version once, marked as replay", async () => {
    const source = structuredClone(loadTaxonomy().source);
    const tax = compileTaxonomyValue({ ...source, version: "2099.1.0" }, "test");
    const first = await reclassify({ bus, tax, logger, signal: new AbortController().signal });
    expect(first).toMatchObject({ articles: 2, skipped: 0, published: 2 }); // a1 at its latest content, a2
    const replays = (await classified(bus)).filter((e) => e.data.taxonomy_version === "2099.1.0");
    expect(replays.map((e) => e.data.article.content_hash).sort()).toEqual(["h-a1-v2", "h-a2"]);
    expect(replays.every((e) => e.data.replay === true)).toBe(true);
    const again = await reclassify({ bus, tax, logger, signal: new AbortController().signal });
    expect(again).toMatchObject({ articles: 2, skipped: 2, published: 0 });
  });
});
