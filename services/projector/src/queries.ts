/**
 * The read queries, shared by `gw latest` and the HTTP API so both answer
 * the same question the same way. Each one is an index range scan:
 * developments by (updated_at), by (topic, updated_at) through
 * development_topics, articles by (discovered_at) or development.
 */
import type { Db } from "./open-read-model.ts";
import type { ArticleRow, DevelopmentRow } from "./statements.ts";

export class BadQueryError extends Error {
  override name = "BadQueryError";
}

export interface Development {
  development_id: string;
  headline: string;
  url: string;
  source: string;
  topics: string[];
  entities: string[];
  langs: string[];
  first_seen_at: string;
  updated_at: string;
  article_count: number;
  source_count: number;
  lead_article_id: string;
}

export interface Article extends Omit<ArticleRow, "topics" | "entities" | "relevant" | "is_lead" | "lead_article_id"> {
  relevant: boolean;
  topics: string[];
  entities: string[];
}

const UNITS: Record<string, number> = { m: 60_000, h: 3600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** "6h", "30m", "2d", "1w" (before `now`) or an ISO date → ISO UTC. */
export function parseSince(since: string, now: Date): string {
  const rel = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(since.trim());
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNITS[rel[2]!]!).toISOString();
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw new BadQueryError(`--since/since: "${since}" is neither a duration like 6h, 30m, 2d nor an ISO date`);
  return new Date(t).toISOString();
}

export function parseLimit(limit: string | undefined, fallback: number): number {
  if (limit === undefined || limit === "") return fallback;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new BadQueryError(`limit: "${limit}" must be an integer from 1 to 10000`);
  return n;
}

const toDevelopment = (r: DevelopmentRow): Development => ({
  ...r,
  topics: JSON.parse(r.topics) as string[],
  entities: JSON.parse(r.entities) as string[],
  langs: JSON.parse(r.langs) as string[],
});

const toArticle = ({ is_lead: _lead, lead_article_id: _leadId, ...r }: ArticleRow): Article => ({
  ...r,
  relevant: r.relevant === 1,
  topics: JSON.parse(r.topics) as string[],
  entities: JSON.parse(r.entities) as string[],
});

export interface DevelopmentQuery {
  topic?: string;
  /** ISO UTC; developments updated at or after it. */
  since?: string;
  limit: number;
}

/** Newest first (by the time of the latest article added). */
export function listDevelopments(db: Db, q: DevelopmentQuery): Development[] {
  const since = q.since ?? "";
  const rows = q.topic
    ? db
        .prepare<[string, string, number], DevelopmentRow>(
          `SELECT d.* FROM development_topics t JOIN latest_developments d ON d.development_id = t.development_id
           WHERE t.topic = ? AND t.updated_at >= ? ORDER BY t.updated_at DESC, t.development_id DESC LIMIT ?`,
        )
        .all(q.topic, since, q.limit)
    : db
        .prepare<[string, number], DevelopmentRow>("SELECT * FROM latest_developments WHERE updated_at >= ? ORDER BY updated_at DESC, development_id DESC LIMIT ?")
        .all(since, q.limit);
  return rows.map(toDevelopment);
}

/** The id of the development `id` names: itself, or the one it was merged into (development_aliases). */
function resolveDevelopmentId(db: Db, id: string): string {
  const alias = db.prepare<[string], { development_id: string }>("SELECT development_id FROM development_aliases WHERE alias_id = ?").get(id);
  return alias?.development_id ?? id;
}

/**
 * A development with its articles. An id that was merged into another (an
 * alert may carry it) answers with the surviving development, whose
 * `development_id` then differs from the one asked for.
 */
export function getDevelopment(db: Db, id: string): (Development & { articles: Article[] }) | undefined {
  const dev = resolveDevelopmentId(db, id);
  const row = db.prepare<[string], DevelopmentRow>("SELECT * FROM latest_developments WHERE development_id = ?").get(dev);
  if (!row) return undefined;
  const articles = db.prepare<[string], ArticleRow>("SELECT * FROM articles WHERE development_id = ? ORDER BY discovered_at, article_id").all(dev);
  return { ...toDevelopment(row), articles: articles.map(toArticle) };
}

export interface ArticleQuery {
  since?: string;
  topic?: string;
  relevant?: boolean;
  limit: number;
}

/** Newest discovered first. A topic filter reads each candidate's JSON: meant for small pages. */
export function listArticles(db: Db, q: ArticleQuery): Article[] {
  const where = ["discovered_at >= @since"];
  if (q.relevant !== undefined) where.push("relevant = @relevant");
  if (q.topic) where.push("EXISTS (SELECT 1 FROM json_each(articles.topics) WHERE value = @topic)");
  const sql = `SELECT * FROM articles WHERE ${where.join(" AND ")} ORDER BY discovered_at DESC, article_id DESC LIMIT @limit`;
  const params = { since: q.since ?? "", relevant: q.relevant ? 1 : 0, topic: q.topic ?? "", limit: q.limit };
  return db.prepare<[typeof params], ArticleRow>(sql).all(params).map(toArticle);
}

export interface ReadModelStatus {
  position: number;
  last_event_time: string | null;
  events_applied: number;
  articles: number;
  developments: number;
  outbox_pending: number;
}

export function readModelStatus(db: Db): ReadModelStatus {
  const p = db.prepare("SELECT seq, last_event_time, events_applied FROM projector_position WHERE id = 1").get() as
    | { seq: number; last_event_time: string | null; events_applied: number }
    | undefined;
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    position: p?.seq ?? 0,
    last_event_time: p?.last_event_time ?? null,
    events_applied: p?.events_applied ?? 0,
    articles: count("SELECT count(*) AS n FROM articles"),
    developments: count("SELECT count(*) AS n FROM latest_developments"),
    outbox_pending: count("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL"),
  };
}
