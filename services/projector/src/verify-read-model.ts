import type { Db } from "./open-read-model.ts";

export class ReadModelInvalidError extends Error {
  override name = "ReadModelInvalidError";
}

/**
 * Checks a freshly built read model before it is swapped in: SQLite's own
 * integrity check, the position reached, and that the tables agree with one
 * another (every relevant article in exactly one existing development, the
 * counts in latest_developments match their members, every development indexed
 * under each of its topics). Throws ReadModelInvalidError naming the first failure.
 */
export function verifyReadModel(db: Db, endSeq: number): { articles: number; developments: number } {
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const n = (sql: string) => one<{ n: number }>(sql).n;
  const checks: Array<[string, boolean]> = [
    ["integrity_check", one<{ integrity_check: string }>("PRAGMA integrity_check").integrity_check === "ok"],
    [`position ${endSeq}`, n("SELECT coalesce((SELECT seq FROM projector_position WHERE id = 1), 0) AS n") === endSeq],
    ["relevant articles without a development", n("SELECT count(*) AS n FROM articles WHERE relevant = 1 AND development_id IS NULL") === 0],
    ["irrelevant articles in a development", n("SELECT count(*) AS n FROM articles WHERE relevant = 0 AND development_id IS NOT NULL") === 0],
    ["articles in a missing development", n("SELECT count(*) AS n FROM articles a LEFT JOIN latest_developments d USING (development_id) WHERE a.development_id IS NOT NULL AND d.development_id IS NULL") === 0],
    ["article counts", n("SELECT count(*) AS n FROM latest_developments d WHERE article_count != (SELECT count(*) FROM articles a WHERE a.development_id = d.development_id)") === 0],
    ["development_articles", n("SELECT count(*) AS n FROM development_articles da JOIN articles a USING (article_id) WHERE a.development_id = da.development_id") === n("SELECT count(*) AS n FROM articles WHERE development_id IS NOT NULL")],
    ["topic index", n("SELECT count(*) AS n FROM latest_developments d, json_each(d.topics) t WHERE NOT EXISTS (SELECT 1 FROM development_topics x WHERE x.topic = t.value AND x.development_id = d.development_id)") === 0],
  ];
  const failed = checks.find(([, ok]) => !ok);
  if (failed) throw new ReadModelInvalidError(`rebuilt read model failed its check: ${failed[0]}`);
  return { articles: n("SELECT count(*) AS n FROM articles"), developments: n("SELECT count(*) AS n FROM latest_developments") };
}
