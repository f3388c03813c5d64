import { afterAll, afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { tempDir } from "@gw/testkit";
import { openReadModel } from "./open-read-model.ts";
import { SqliteGroupingStore, iso } from "./sqlite-grouping-store.ts";
import { prepareStatements, type ArticleRow } from "./statements.ts";

const H = 3600_000;
const W = 48 * H;
const T0 = Date.parse("2026-02-01T00:00:00Z");

/** Relevant rows one hour apart over 60 days, on the real migrations. */
function seed(st: ReturnType<typeof prepareStatements>): ArticleRow[] {
  const rows: ArticleRow[] = [];
  for (let i = 0; i < 60 * 24; i++) {
    const id = `a${String(i).padStart(5, "0")}`;
    const row: ArticleRow = {
      article_id: id, url: `https://o.example/${id}`, title: `story ${id} talks`, summary: `summary of ${id}`, source: "O", feed_url: "https://o.example/feed",
      lang: "en", published_at: null, discovered_at: iso(T0 + i * H), relevant: 1, topics: '["territory"]', entities: "[]", taxonomy_version: "v1",
      content_hash: `h${i}`, development_id: null, is_lead: 1, lead_article_id: id, classified_seq: i + 1,
    };
    st.insertArticle.run(row);
    rows.push(row);
  }
  return rows;
}

describe("SqliteGroupingStore", () => {
  const dir = tempDir("gw-store-");
  const db = openReadModel(join(dir.path, "s.db"));
  afterAll(() => {
    db.close();
    dir.remove();
  });
  const st = prepareStatements(db);
  const rows = seed(st);
  // What the in-memory window loads: the real statement, only counted; put back after each test.
  const original = st.relevantBetween.all.bind(st.relevantBetween);
  afterEach(() => {
    st.relevantBetween.all = original;
  });
  const countLoads = (): number[] => {
    const loaded: number[] = [];
    st.relevantBetween.all = (...args: Parameters<typeof original>) => {
      const r = original(...args);
      loaded.push(r.length);
      return r;
    };
    return loaded;
  };

  it("reads a re-walk from a months-old article from the file, without loading the months since into memory", () => {
    const loaded = countLoads();
    const store = new SqliteGroupingStore(st, W);
    const from = { time: T0 + 24 * H, articleId: "" };
    const got = store.articlesFrom(from, from.time + W, true).map((a) => a.articleId);
    expect(got).toEqual(rows.filter((r) => Date.parse(r.discovered_at) >= from.time && Date.parse(r.discovered_at) <= from.time + W).map((r) => r.article_id));
    // At most the last two windows (and the newest article's hour): not the 1,440 rows since.
    expect(loaded.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * 48 + 1);
    // A late article near the newest is served from the window, and the same as the file would give.
    const late = { time: T0 + (60 * 24 - 10) * H, articleId: "" };
    expect(store.articlesFrom(late, Infinity, true).map((a) => a.articleId)).toEqual(rows.slice(-10).map((r) => r.article_id));
  });

  it("once capped, reads older starts from the file instead of loading again what the cap dropped", () => {
    const loaded = countLoads();
    const store = new SqliteGroupingStore(st, W, 24);
    const newest = Date.parse(rows.at(-1)!.discovered_at);
    const recent = { time: newest - 30 * H, articleId: "" };
    expect(store.articlesFrom(recent, Infinity, true)).toHaveLength(31);
    store.settle(newest); // 31 > 24: capped to the newest 24
    loaded.length = 0;
    // A start just below the capped window: the right rows, from the file, nothing loaded into memory.
    const below = { time: newest - 27 * H, articleId: "" };
    expect(store.articlesFrom(below, newest, true).map((a) => a.articleId)).toEqual(rows.slice(-28).map((r) => r.article_id));
    expect(loaded).toEqual([]);
  });
});
