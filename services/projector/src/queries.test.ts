import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { tempDir } from "@gw/testkit";
import { openReadModel } from "./open-read-model.ts";
import { BadQueryError, parseLimit, parseSince } from "./queries.ts";

describe("queries", () => {
  const dir = tempDir("gw-q-");
  const db = openReadModel(join(dir.path, "q.db"));
  afterAll(() => {
    db.close();
    dir.remove();
  });
  const plan = (sql: string, ...args: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join("; ");

  // What keeps `gw latest --topic X --since 24h` instant at 1M articles: index range scans, no table scan, no sort.
  it.each([
    ["by topic", "SELECT d.* FROM development_topics t JOIN latest_developments d ON d.development_id = t.development_id WHERE t.topic = ? AND t.updated_at >= ? ORDER BY t.updated_at DESC, t.development_id DESC LIMIT ?", ["territory", "", 20], /SEARCH t USING COVERING INDEX development_topics_updated_idx/],
    ["all topics", "SELECT * FROM latest_developments WHERE updated_at >= ? ORDER BY updated_at DESC, development_id DESC LIMIT ?", ["", 20], /SEARCH latest_developments USING INDEX latest_developments_updated_idx/],
    ["a window of relevant articles", "SELECT article_id FROM articles WHERE relevant = 1 AND discovered_at > ? AND discovered_at <= ? ORDER BY discovered_at, article_id", ["", "9"], /articles_relevant_window_idx/],
    ["members of a development", "SELECT * FROM articles WHERE development_id = ?", ["d"], /articles_development_idx/],
  ])("%s uses its index", (_name, sql, args, index) => {
    const p = plan(sql as string, ...(args as unknown[]));
    expect(p).toMatch(index as RegExp);
    expect(p).not.toMatch(/SCAN|TEMP B-TREE/);
  });

  it.each([
    ["6h", "2026-02-17T06:00:00.000Z"],
    ["30m", "2026-02-17T11:30:00.000Z"],
    ["2d", "2026-02-15T12:00:00.000Z"],
    ["2026-02-01", "2026-02-01T00:00:00.000Z"],
  ])("parseSince(%s)", (since, iso) => expect(parseSince(since, new Date("2026-02-17T12:00:00Z"))).toBe(iso));

  it("refuses bad durations and limits with the reason", () => {
    expect(() => parseSince("yesterday", new Date())).toThrow(BadQueryError);
    expect(() => parseLimit("0", 20)).toThrow(/limit/);
    expect(parseLimit(undefined, 20)).toBe(20);
  });
});
