import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { tempDir } from "@gw/testkit";
import { DevelopmentSummaries } from "./development-summaries.ts";
import { developmentIdOf } from "./developments.ts";
import { openReadModel, type Db } from "./open-read-model.ts";
import { prepareStatements, type ArticleRow } from "./statements.ts";
import { summarizeDevelopment, toDevelopmentRow } from "./summarize-development.ts";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function freshDb(): Db {
  const d = tempDir("gw-summaries-");
  const db = openReadModel(join(d.path, "rm.db"));
  cleanups.push(() => (db.close(), d.remove()));
  return db;
}

const DEV = developmentIdOf("lead");
interface M {
  id: string;
  at: string;
  source?: string;
  topics?: string[];
  lang?: string | null;
}
function row(m: M, seq: number): ArticleRow {
  return {
    article_id: m.id, url: `https://x.example/${m.id}`, title: `title ${m.id}`, summary: "", source: m.source ?? "Wire", feed_url: "https://x.example/rss",
    lang: m.lang === undefined ? "en" : m.lang, published_at: null, discovered_at: m.at, relevant: 1, topics: JSON.stringify(m.topics ?? ["ceasefire"]),
    entities: JSON.stringify([`e-${m.id}`]), taxonomy_version: "v1", content_hash: `h-${m.id}`, development_id: DEV, is_lead: 0, lead_article_id: null, classified_seq: seq,
  };
}

// Members already in the development, then the one that joins; the incremental summary must equal a re-read.
const cases: Array<[string, M[], M]> = [
  ["a copy joins its lead", [{ id: "lead", at: "2026-02-17T10:00:00.000Z" }], { id: "b", at: "2026-02-17T11:00:00.000Z", source: "Other" }],
  ["an earlier copy becomes the lead, under the same id", [{ id: "lead", at: "2026-02-17T10:00:00.000Z" }], { id: "a", at: "2026-02-17T09:00:00.000Z" }],
  ["the lead comes back to a development that lost it", [{ id: "c", at: "2026-02-17T12:00:00.000Z" }, { id: "d", at: "2026-02-17T13:00:00.000Z" }], { id: "lead", at: "2026-02-17T14:00:00.000Z" }],
  ["a development whose lead left: the earliest member leads", [{ id: "c", at: "2026-02-17T12:00:00.000Z" }], { id: "b", at: "2026-02-17T11:00:00.000Z", topics: ["territory"] }],
  ["same source, new topic and no language", [{ id: "lead", at: "2026-02-17T10:00:00.000Z", lang: "uk" }], { id: "e", at: "2026-02-17T10:00:00.000Z", topics: ["territory", "ceasefire"], lang: null }],
];

describe("DevelopmentSummaries", () => {
  it.each(cases)("%s: a joining member gives the summary of all members", (_name, members, joined) => {
    const db = freshDb();
    const st = prepareStatements(db);
    const summaries = new DevelopmentSummaries(st);
    members.forEach((m, i) => st.upsertArticle.run(row(m, i + 1)));
    expect(summaries.summarize(DEV)).toEqual(summarizeDevelopment(DEV, st.members.all(DEV)));
    const r = row(joined, 99);
    st.upsertArticle.run(r);
    expect(summaries.summarize(DEV, r)).toEqual(summarizeDevelopment(DEV, st.members.all(DEV)));
  });

  it("writes each development once per batch, with its topic index, and deletes one that emptied", () => {
    const db = freshDb();
    const st = prepareStatements(db);
    const summaries = new DevelopmentSummaries(st);
    st.upsertArticle.run(row({ id: "lead", at: "2026-02-17T10:00:00.000Z" }, 1));
    summaries.set(DEV, toDevelopmentRow(summaries.summarize(DEV)!));
    expect(st.getDevelopment.get(DEV)).toBeUndefined(); // not before the flush
    summaries.flush();
    expect(st.getDevelopment.get(DEV)?.article_count).toBe(1);
    const topics = () => db.prepare("SELECT topic, updated_at FROM development_topics WHERE development_id = ?").all(DEV);
    expect(topics()).toEqual([{ topic: "ceasefire", updated_at: "2026-02-17T10:00:00.000Z" }]);
    summaries.set(DEV, undefined);
    expect(summaries.current(DEV)).toBeUndefined();
    summaries.flush();
    expect(st.getDevelopment.get(DEV)).toBeUndefined();
    expect(topics()).toEqual([]);
  });
});
