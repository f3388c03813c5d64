import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import type { ReadItem } from "@gw/bus";
import { articleClassifiedEvent, SUBJECTS, type ArticleClassified } from "@gw/events";
import { tempDir } from "@gw/testkit";
import { dumpReadModel } from "./dump-read-model.ts";
import { openReadModel, type Db } from "./open-read-model.ts";
import { createProjection } from "./projection.ts";
import { getDevelopment } from "./queries.ts";
import { syntheticClassifications } from "./synthetic-stream.ts";

const dirs: Array<{ remove(): void }> = [];
const dbs: Db[] = [];
function freshDb(): Db {
  const d = tempDir("gw-proj-");
  dirs.push(d);
  const db = openReadModel(join(d.path, "rm.db"));
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) d.remove();
});

const items = (events: ArticleClassified[], firstSeq = 1): ReadItem<ArticleClassified>[] =>
  events.map((event, i) => ({ ok: true, event, seq: firstSeq + i, subject: SUBJECTS.articleClassified }));

interface Art {
  id: string;
  title: string;
  summary?: string;
  source?: string;
  at: string;
  relevant?: boolean;
  topics?: string[];
  version?: string;
  url?: string;
}
function ev(a: Art): ArticleClassified {
  const article = {
    article_id: a.id, feed_url: `https://${a.source ?? "wire"}.example/rss`, source: a.source ?? "Wire", url: a.url ?? `https://${a.source ?? "wire"}.example/${a.id}`,
    title: a.title, summary: a.summary ?? "", lang: "en", published_at: a.at, discovered_at: a.at, content_hash: `h-${a.id}-${a.title.length}`,
  };
  const relevant = a.relevant ?? true;
  return articleClassifiedEvent({ article, taxonomy_version: a.version ?? "v1", relevant, relevance_score: 1, topics: relevant ? (a.topics ?? ["ceasefire"]) : [], scores: {}, entities: [], evidence: [] }, a.at);
}

const STORY = "Negotiators agree energy truce covering power plants for thirty days";
const OTHER = "Prisoner exchange postponed after dispute over lists of detainees";
const outbox = (db: Db) => db.prepare("SELECT subject, json_extract(payload, '$.data.development_id') AS dev, json_extract(payload, '$.data.article_count') AS n FROM outbox ORDER BY id").all() as Array<{ subject: string; dev: string; n: number }>;
/** The grouping without its ids: which articles are together, and what each group's row says. */
const groupsOf = (db: Db) =>
  (db.prepare(
    `SELECT d.*, (SELECT group_concat(article_id) FROM (SELECT article_id FROM articles a WHERE a.development_id = d.development_id ORDER BY article_id)) AS members
     FROM latest_developments d ORDER BY members`,
  ).all() as Array<Record<string, unknown>>).map(({ development_id: _id, ...rest }) => rest);
const opened = (db: Db) => outbox(db).filter((o) => o.subject === SUBJECTS.developmentOpened);

describe("projection on real SQLite with the real migrations", () => {
  const stream = [
    ev({ id: "a1", title: STORY, source: "Reuters", at: "2026-02-17T10:00:00Z", topics: ["energy-strikes"] }),
    ev({ id: "a2", title: `${STORY}, officials say`, source: "CNA", at: "2026-02-17T10:05:00Z", topics: ["ceasefire"] }),
    ev({ id: "b1", title: OTHER, source: "BBC", at: "2026-02-17T10:06:00Z", topics: ["humanitarian"] }),
    ev({ id: "x1", title: "Motor show opens in Geneva", source: "Swiss", at: "2026-02-17T10:07:00Z", relevant: false }),
    ev({ id: "a3", title: STORY, source: "Reuters", at: "2026-02-17T11:00:00Z", url: "https://reuters.example/a1?utm_source=feed" }),
  ];

  it("groups copies, counts outlets, opens each development once", () => {
    const db = freshDb();
    const p = createProjection(db, { windowHours: 48 });
    const r = p.applyBatch(items(stream));
    expect(r).toMatchObject({ applied: 5, duplicates: 0, position: 5 });
    const devs = db.prepare("SELECT * FROM latest_developments ORDER BY first_seen_at").all() as Array<Record<string, unknown>>;
    expect(devs).toHaveLength(2);
    expect(devs[0]).toMatchObject({ headline: STORY, source: "Reuters", article_count: 3, source_count: 2, topics: '["ceasefire","energy-strikes"]', first_seen_at: "2026-02-17T10:00:00.000Z", updated_at: "2026-02-17T11:00:00.000Z" });
    expect(db.prepare("SELECT relevant, development_id FROM articles WHERE article_id = 'x1'").get()).toEqual({ relevant: 0, development_id: null });
    expect(new Set(opened(db).map((o) => o.dev))).toEqual(new Set(devs.map((d) => d.development_id)));
    expect(opened(db)).toHaveLength(2);
    expect(db.prepare("SELECT development_id FROM development_topics WHERE topic = 'ceasefire'").all()).toEqual([{ development_id: devs[0]!.development_id }]);
  });

  it("replaying the same events twice changes nothing", () => {
    const db = freshDb();
    const p = createProjection(db, { windowHours: 48 });
    p.applyBatch(items(stream));
    const once = { ...dumpReadModel(db), outbox: outbox(db) };
    expect(p.applyBatch(items(stream))).toMatchObject({ applied: 0, duplicates: 5 });
    // the same facts re-published at new positions (a producer retry after the dedup window)
    expect(p.applyBatch(items(stream, 6))).toMatchObject({ applied: 5, position: 10 });
    expect({ ...dumpReadModel(db), outbox: outbox(db) }).toEqual(once);
  });

  // Ids are given in stream order (an alerted id must stay valid), so only a
  // replay of the same order gives the same ids; the grouping itself is the
  // same for any order.
  it("gives the same groups whatever the arrival order, and the same ids whatever the batch size", () => {
    const events = syntheticClassifications({ count: 600, seed: 7, relevantShare: 0.5, reclassifyShare: 0 });
    const a = freshDb();
    createProjection(a, { windowHours: 48 }).applyBatch(items(events));
    const inBatches = (db: Db, evs: ArticleClassified[]) => {
      const p = createProjection(db, { windowHours: 48 });
      for (let i = 0; i < evs.length; i += 37) p.applyBatch(items(evs.slice(i, i + 37), i + 1));
    };
    const b = freshDb();
    inBatches(b, [...events].reverse());
    expect(groupsOf(b)).toEqual(groupsOf(a));
    const c = freshDb();
    inBatches(c, events);
    expect(dumpReadModel(c)).toEqual(dumpReadModel(a));
    expect((a.prepare("SELECT count(*) AS n FROM latest_developments WHERE article_count > 1").get() as { n: number }).n).toBeGreaterThan(10);
  });

  // A restart (or a failed batch) drops the in-memory indexes; rebuilt from the file, they must
  // give what the kept ones would. Re-published articles (moved up to 3 windows) make the lead
  // index evict and reload the leads it was built with.
  it("gives the same read model after its caches are dropped mid-stream", () => {
    let seed = 6;
    const r = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const events: ArticleClassified[] = [];
    for (const e of syntheticClassifications({ count: 3000, seed: 6, relevantShare: 0.3, reclassifyShare: 0.01 })) {
      events.push(e);
      if (r() < 0.05 && events.length > 10) {
        const old = events[Math.floor(r() * (events.length - 1))]!.data;
        const at = new Date(Date.parse(old.article.discovered_at) + Math.floor((r() * 6 - 3) * 48 * 3600_000)).toISOString();
        events.push(articleClassifiedEvent({ ...old, article: { ...old.article, discovered_at: at } }, e.time));
      }
    }
    const run = (restartAt: number | null) => {
      const db = freshDb();
      const p = createProjection(db, { windowHours: 48 });
      for (let i = 0; i < events.length; i += 100) {
        p.applyBatch(items(events.slice(i, i + 100), i + 1));
        if (i === restartAt) p.reset();
      }
      return { ...dumpReadModel(db), outbox: outbox(db) };
    };
    expect(run(500)).toEqual(run(null));
  });

  it("reclassification moves an article out and back without a second opening", () => {
    const db = freshDb();
    const p = createProjection(db, { windowHours: 48 });
    p.applyBatch(items(stream));
    const lead = db.prepare("SELECT development_id FROM articles WHERE article_id = 'a1'").get() as { development_id: string };
    const irrelevant = ev({ id: "a1", title: STORY, source: "Reuters", at: "2026-02-17T10:00:00Z", relevant: false, version: "v2" });
    p.applyBatch(items([irrelevant], 6));
    // An article that is no longer relevant belongs to no development (contract: development_id NULL).
    expect(db.prepare("SELECT relevant, development_id FROM articles WHERE article_id = 'a1'").get()).toEqual({ relevant: 0, development_id: null });
    expect(db.prepare("SELECT count(*) AS n FROM development_articles WHERE article_id = 'a1'").get()).toEqual({ n: 0 });
    // a2 now leads and a3 follows it, still under the id that was announced
    expect(db.prepare("SELECT lead_article_id, development_id FROM articles WHERE article_id IN ('a2', 'a3')").all()).toEqual([
      { lead_article_id: "a2", development_id: lead.development_id },
      { lead_article_id: "a2", development_id: lead.development_id },
    ]);
    expect(db.prepare("SELECT lead_article_id, headline, article_count FROM latest_developments WHERE development_id = ?").get(lead.development_id)).toEqual({
      lead_article_id: "a2", headline: `${STORY}, officials say`, article_count: 2,
    });
    const openedBefore = opened(db).length;
    const again = ev({ id: "a1", title: STORY, source: "Reuters", at: "2026-02-17T10:00:00Z", topics: ["energy-strikes"], version: "v2" });
    p.applyBatch(items([again], 7));
    expect(db.prepare("SELECT development_id FROM articles WHERE article_id IN ('a1', 'a2', 'a3')").all()).toEqual(Array(3).fill(lead));
    expect(opened(db)).toHaveLength(openedBefore);
    const stale = ev({ id: "a1", title: STORY, source: "Reuters", at: "2026-02-17T10:00:00Z", relevant: false, version: "v1" });
    expect(p.applyBatch(items([stale], 8))).toMatchObject({ applied: 0, position: 8 });
    expect(db.prepare("SELECT relevant, taxonomy_version FROM articles WHERE article_id = 'a1'").get()).toEqual({ relevant: 1, taxonomy_version: "v2" });
  });

  it("a reclassified article that changes its topics but stays refreshes its development", () => {
    const db = freshDb();
    const p = createProjection(db, { windowHours: 48 });
    p.applyBatch(items(stream));
    const dev = db.prepare("SELECT development_id FROM articles WHERE article_id = 'a2'").get() as { development_id: string };
    const retopic = ev({ id: "a2", title: `${STORY}, officials say`, source: "CNA", at: "2026-02-17T10:05:00Z", topics: ["ceasefire", "territory"], version: "v2" });
    p.applyBatch(items([retopic], 6));
    expect(db.prepare("SELECT development_id FROM articles WHERE article_id = 'a2'").get()).toEqual(dev);
    expect(db.prepare("SELECT topics FROM latest_developments WHERE development_id = ?").get(dev.development_id)).toEqual({ topics: '["ceasefire","energy-strikes","territory"]' });
    expect(db.prepare("SELECT development_id FROM development_topics WHERE topic = 'territory'").all()).toEqual([dev]);
    const changes = db.prepare("SELECT json_extract(payload, '$.data.change') AS change FROM outbox WHERE source_seq = 6").all();
    expect(changes).toEqual([{ change: "topics-changed" }]);
  });

  describe("ids once announced stay valid", () => {
    const WIRE = "https://wire.example/geneva-energy-truce";
    // m1 and m2 are two stories (no shared link or title); m0, discovered first but projected last, matches both.
    const bridged = [
      ev({ id: "m1", title: OTHER, source: "Wire", at: "2026-02-17T10:10:00Z", url: WIRE, topics: ["humanitarian"] }),
      ev({ id: "m2", title: STORY, source: "CNA", at: "2026-02-17T10:20:00Z" }),
      ev({ id: "m0", title: STORY, source: "Reuters", at: "2026-02-17T10:00:00Z", url: `${WIRE}?utm_source=rss` }),
    ];
    const idOf = (db: Db, article: string) => (db.prepare("SELECT development_id FROM articles WHERE article_id = ?").get(article) as { development_id: string }).development_id;

    it("an earlier copy arriving later takes the lead under the alerted id, with no second opening", () => {
      const db = freshDb();
      const p = createProjection(db, { windowHours: 48 });
      p.applyBatch(items([stream[1]!])); // a2 (10:05) first: opened, alerted
      const alerted = opened(db)[0]!.dev;
      p.applyBatch(items([stream[0]!], 2)); // a1 (10:00), an earlier copy of the same story
      expect([idOf(db, "a1"), idOf(db, "a2")]).toEqual([alerted, alerted]);
      expect(db.prepare("SELECT development_id, lead_article_id, headline, article_count FROM latest_developments").all()).toEqual([
        { development_id: alerted, lead_article_id: "a1", headline: STORY, article_count: 2 },
      ]);
      expect(db.prepare("SELECT development_id FROM development_articles").all()).toEqual([{ development_id: alerted }, { development_id: alerted }]);
      expect(outbox(db)).toEqual([
        { subject: SUBJECTS.developmentOpened, dev: alerted, n: 1 },
        { subject: SUBJECTS.developmentUpdated, dev: alerted, n: 2 },
      ]);
    });

    it("a merge of two announced developments keeps the earlier-opened id and aliases the other", () => {
      const db = freshDb();
      const p = createProjection(db, { windowHours: 48 });
      p.applyBatch(items(bridged.slice(0, 2)));
      const [d1, d2] = [idOf(db, "m1"), idOf(db, "m2")];
      expect(d1).not.toBe(d2);
      p.applyBatch(items(bridged.slice(2), 3));
      expect(["m0", "m1", "m2"].map((a) => idOf(db, a))).toEqual([d1, d1, d1]);
      expect(db.prepare("SELECT development_id, lead_article_id, article_count FROM latest_developments").all()).toEqual([{ development_id: d1, lead_article_id: "m0", article_count: 3 }]);
      expect(db.prepare("SELECT * FROM development_aliases").all()).toEqual([{ alias_id: d2, development_id: d1 }]);
      expect(getDevelopment(db, d2)).toMatchObject({ development_id: d1, article_count: 3, articles: [{ article_id: "m0" }, { article_id: "m1" }, { article_id: "m2" }] });
      expect(outbox(db)).toEqual([
        { subject: SUBJECTS.developmentOpened, dev: d1, n: 1 },
        { subject: SUBJECTS.developmentOpened, dev: d2, n: 1 },
        { subject: SUBJECTS.developmentUpdated, dev: d1, n: 3 },
      ]);
      // m0 leaves again: the two stories part; the survivor keeps its id, the other one is a new story
      p.applyBatch(items([ev({ id: "m0", title: STORY, source: "Reuters", at: "2026-02-17T10:00:00Z", relevant: false, version: "v2" })], 4));
      expect(idOf(db, "m1")).toBe(d1);
      expect(getDevelopment(db, d2)?.development_id).toBe(d1);
      expect(opened(db).map((o) => o.dev)).toEqual([d1, d2, idOf(db, "m2")]);
    });

    it("a replay of the same stream gives the same rows, ids and aliases, whatever the batches", () => {
      const all = [...bridged, stream[1]!, stream[0]!, ...stream.slice(2)];
      const live = freshDb();
      const p = createProjection(live, { windowHours: 48 });
      all.forEach((e, i) => p.applyBatch(items([e], i + 1)));
      const rebuilt = freshDb();
      createProjection(rebuilt, { windowHours: 48 }).applyBatch(items(all));
      expect(dumpReadModel(rebuilt)).toEqual(dumpReadModel(live));
      expect(outbox(rebuilt)).toEqual(outbox(live));
      expect(dumpReadModel(live).development_aliases).toHaveLength(1);
    });
  });

  it("a reclassification run opens old stories silently and recent ones loudly", () => {
    const db = freshDb();
    const p = createProjection(db, { windowHours: 48 });
    const old = ev({ id: "o1", title: OTHER, at: "2026-01-02T10:00:00Z", relevant: false });
    p.applyBatch(items([old, stream[0]!]));
    const replayed = (a: Art, time: string) => {
      const e = ev(a);
      return { ...e, id: `${e.id}-r`, time, data: { ...e.data, replay: true } };
    };
    p.applyBatch(items([replayed({ id: "o1", title: OTHER, at: "2026-01-02T10:00:00Z", version: "v2" }, "2026-02-17T12:00:00Z")], 3));
    expect(db.prepare("SELECT article_count FROM latest_developments WHERE lead_article_id = 'o1'").get()).toEqual({ article_count: 1 });
    expect(opened(db)).toHaveLength(1); // a1's, from live traffic; o1's story is six weeks old
    p.applyBatch(items([replayed({ id: "n1", title: "Energy ministers agree on repair corridor for grid", at: "2026-02-17T11:00:00Z", version: "v2" }, "2026-02-17T12:00:00Z")], 4));
    expect(opened(db)).toHaveLength(2);
  });

  it("moves the position past invalid events and keeps it on a failed batch", () => {
    const db = freshDb();
    const p = createProjection(db, { windowHours: 48 });
    const bad: ReadItem<ArticleClassified> = { ok: false, reason: "schema: data.article: Required", seq: 2, subject: SUBJECTS.articleClassified, data: new Uint8Array() };
    expect(p.applyBatch([items(stream)[0]!, bad])).toMatchObject({ applied: 1, setAside: 1, position: 2 });
    const broken = { ...items(stream, 3)[1]!, event: { ...stream[1]!, data: { ...stream[1]!.data, article: { ...stream[1]!.data.article, discovered_at: "not a date" } } } };
    expect(() => p.applyBatch([items(stream, 3)[0]!, broken])).toThrow(/Invalid time value/);
    expect(p.position().seq).toBe(2);
    expect((db.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n).toBe(1);
  });
});
