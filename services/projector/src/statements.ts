import type { Db } from "./open-read-model.ts";

/** A stored article, as the projection reads it back. */
export interface ArticleRow {
  article_id: string;
  url: string;
  title: string;
  summary: string;
  source: string;
  feed_url: string;
  lang: string | null;
  published_at: string | null;
  discovered_at: string;
  relevant: number;
  topics: string;
  entities: string;
  taxonomy_version: string;
  content_hash: string;
  development_id: string | null;
  is_lead: number;
  lead_article_id: string | null;
  classified_seq: number;
}

export type MemberRow = Pick<ArticleRow, "article_id" | "title" | "url" | "source" | "discovered_at" | "lang" | "topics" | "entities">;

export interface DevelopmentRow {
  development_id: string;
  headline: string;
  url: string;
  source: string;
  topics: string;
  first_seen_at: string;
  updated_at: string;
  article_count: number;
  source_count: number;
  lead_article_id: string;
  entities: string;
  langs: string;
}

const GROUPING_COLUMNS = "article_id, discovered_at, url, title, summary, lang, topics, entities, is_lead, lead_article_id, classified_seq";

/** Every statement on the write path, prepared once (the hot path never parses SQL). */
export function prepareStatements(db: Db) {
  return {
    getArticle: db.prepare<[string], ArticleRow>("SELECT * FROM articles WHERE article_id = ?"),
    /** The first sight of an article: a no-op (0 changes) when it has a row already. */
    insertArticle: db.prepare<[ArticleRow]>(
      `INSERT INTO articles (article_id, url, title, summary, source, feed_url, lang, published_at, discovered_at, relevant, topics, entities,
         taxonomy_version, content_hash, development_id, is_lead, lead_article_id, classified_seq)
       VALUES (@article_id, @url, @title, @summary, @source, @feed_url, @lang, @published_at, @discovered_at, @relevant, @topics, @entities,
         @taxonomy_version, @content_hash, @development_id, @is_lead, @lead_article_id, @classified_seq)
       ON CONFLICT(article_id) DO NOTHING`,
    ),
    upsertArticle: db.prepare<[ArticleRow]>(
      `INSERT INTO articles (article_id, url, title, summary, source, feed_url, lang, published_at, discovered_at, relevant, topics, entities,
         taxonomy_version, content_hash, development_id, is_lead, lead_article_id, classified_seq)
       VALUES (@article_id, @url, @title, @summary, @source, @feed_url, @lang, @published_at, @discovered_at, @relevant, @topics, @entities,
         @taxonomy_version, @content_hash, @development_id, @is_lead, @lead_article_id, @classified_seq)
       ON CONFLICT(article_id) DO UPDATE SET url = excluded.url, title = excluded.title, summary = excluded.summary, source = excluded.source,
         feed_url = excluded.feed_url, lang = excluded.lang, published_at = excluded.published_at, discovered_at = excluded.discovered_at,
         relevant = excluded.relevant, topics = excluded.topics, entities = excluded.entities, taxonomy_version = excluded.taxonomy_version,
         content_hash = excluded.content_hash, development_id = excluded.development_id, is_lead = excluded.is_lead,
         lead_article_id = excluded.lead_article_id, classified_seq = excluded.classified_seq`,
    ),
    assign: db.prepare<[string | null, number, string]>("UPDATE articles SET lead_article_id = ?, is_lead = ? WHERE article_id = ?"),
    developmentOf: db.prepare<[string], { development_id: string | null }>("SELECT development_id FROM articles WHERE article_id = ?"),
    setDevelopment: db.prepare<[string | null, string]>("UPDATE articles SET development_id = ? WHERE article_id = ?"),
    renameDevelopment: db.prepare<[string, string]>("UPDATE articles SET development_id = ? WHERE development_id = ?"),
    renameLinks: db.prepare<[string, string]>("UPDATE development_articles SET development_id = ? WHERE development_id = ?"),
    openedSeq: db.prepare<[string], { opened_seq: number }>("SELECT opened_seq FROM announced_developments WHERE development_id = ?"),
    addAlias: db.prepare<[string, string]>("INSERT OR REPLACE INTO development_aliases (alias_id, development_id) VALUES (?, ?)"),
    repointAliases: db.prepare<[string, string]>("UPDATE development_aliases SET development_id = ? WHERE development_id = ?"),
    relevantFrom: db.prepare<[string, string, string, string], ArticleRow>(
      `SELECT ${GROUPING_COLUMNS} FROM articles WHERE relevant = 1 AND (discovered_at > ? OR (discovered_at = ? AND article_id >= ?)) AND discovered_at <= ?
       ORDER BY discovered_at, article_id`,
    ),
    relevantAfter: db.prepare<[string, string, string, string], ArticleRow>(
      `SELECT ${GROUPING_COLUMNS} FROM articles WHERE relevant = 1 AND (discovered_at > ? OR (discovered_at = ? AND article_id > ?)) AND discovered_at <= ?
       ORDER BY discovered_at, article_id`,
    ),
    newestRelevant: db.prepare<[], { discovered_at: string; article_id: string }>(
      "SELECT discovered_at, article_id FROM articles WHERE relevant = 1 ORDER BY discovered_at DESC, article_id DESC LIMIT 1",
    ),
    relevantBetween: db.prepare<[string, string], ArticleRow>(
      `SELECT ${GROUPING_COLUMNS} FROM articles WHERE relevant = 1 AND discovered_at >= ? AND discovered_at < ? ORDER BY discovered_at, article_id`,
    ),
    leadsBetween: db.prepare<[string, string], ArticleRow>(
      `SELECT ${GROUPING_COLUMNS} FROM articles WHERE is_lead = 1 AND discovered_at >= ? AND discovered_at < ? ORDER BY discovered_at, article_id`,
    ),
    members: db.prepare<[string], MemberRow>(
      "SELECT article_id, title, url, source, discovered_at, lang, topics, entities FROM articles WHERE development_id = ? ORDER BY discovered_at, article_id",
    ),
    unlinkArticle: db.prepare<[string]>("DELETE FROM development_articles WHERE article_id = ?"),
    linkArticle: db.prepare<[string, string, string]>("INSERT OR REPLACE INTO development_articles (development_id, article_id, added_at) VALUES (?, ?, ?)"),
    getDevelopment: db.prepare<[string], DevelopmentRow>("SELECT * FROM latest_developments WHERE development_id = ?"),
    upsertDevelopment: db.prepare<[DevelopmentRow]>(
      `INSERT OR REPLACE INTO latest_developments (development_id, headline, url, source, topics, first_seen_at, updated_at, article_count,
         source_count, lead_article_id, entities, langs)
       VALUES (@development_id, @headline, @url, @source, @topics, @first_seen_at, @updated_at, @article_count, @source_count,
         @lead_article_id, @entities, @langs)`,
    ),
    deleteDevelopment: db.prepare<[string]>("DELETE FROM latest_developments WHERE development_id = ?"),
    deleteTopics: db.prepare<[string]>("DELETE FROM development_topics WHERE development_id = ?"),
    touchTopics: db.prepare<[string, string]>("UPDATE development_topics SET updated_at = ? WHERE development_id = ?"),
    insertTopic: db.prepare<[string, string, string]>("INSERT INTO development_topics (topic, development_id, updated_at) VALUES (?, ?, ?)"),
    isAnnounced: db.prepare<[string], { one: number }>("SELECT 1 AS one FROM announced_developments WHERE development_id = ?"),
    announce: db.prepare<[string, number]>("INSERT OR IGNORE INTO announced_developments (development_id, opened_seq) VALUES (?, ?)"),
    versionSeq: db.prepare<[string], { first_seq: number }>("SELECT first_seq FROM taxonomy_versions WHERE version = ?"),
    addVersion: db.prepare<[string, number]>("INSERT OR IGNORE INTO taxonomy_versions (version, first_seq) VALUES (?, ?)"),
    addOutbox: db.prepare<[string, string, string, number, string | null]>(
      "INSERT OR IGNORE INTO outbox (event_id, subject, payload, source_seq, sent_at) VALUES (?, ?, ?, ?, ?)",
    ),
    position: db.prepare<[], { seq: number; last_event_time: string | null; events_applied: number }>(
      "SELECT seq, last_event_time, events_applied FROM projector_position WHERE id = 1",
    ),
    initPosition: db.prepare("INSERT OR IGNORE INTO projector_position (id, seq, events_applied) VALUES (1, 0, 0)"),
    setPosition: db.prepare<[number, string | null, number]>(
      "UPDATE projector_position SET seq = ?, last_event_time = coalesce(?, last_event_time), events_applied = events_applied + ? WHERE id = 1",
    ),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
