/**
 * The read model. Table and column names of `latest_developments` and
 * `articles` are fixed by the contract; the rest is ours. JSON arrays are TEXT,
 * times are ISO-8601 UTC strings (they sort as text). `drizzle-kit generate`
 * turns this file into the committed migrations in migrations/read-model.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const articles = sqliteTable(
  "articles",
  {
    articleId: text("article_id").primaryKey(),
    url: text("url").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    source: text("source").notNull(),
    feedUrl: text("feed_url").notNull(),
    lang: text("lang"),
    publishedAt: text("published_at"),
    discoveredAt: text("discovered_at").notNull(),
    relevant: integer("relevant").notNull(),
    topics: text("topics").notNull().default("[]"),
    entities: text("entities").notNull().default("[]"),
    taxonomyVersion: text("taxonomy_version").notNull(),
    contentHash: text("content_hash").notNull(),
    /** The public id of its development: stable once assigned, whatever the lead (see developments.ts). */
    developmentId: text("development_id"),
    /** 1 when this article leads its development (the grouping compares newcomers with leads only). */
    isLead: integer("is_lead").notNull().default(0),
    /** The article that leads its group: the grouping's own key, a function of the set of articles (NULL when not relevant). */
    leadArticleId: text("lead_article_id"),
    /** Stream sequence of the classification event this row reflects. */
    classifiedSeq: integer("classified_seq").notNull(),
  },
  (t) => [
    index("articles_development_idx").on(t.developmentId, t.discoveredAt, t.articleId),
    index("articles_discovered_idx").on(t.discoveredAt, t.articleId),
    index("articles_relevant_window_idx").on(t.discoveredAt, t.articleId).where(sql`relevant = 1`),
    index("articles_lead_window_idx").on(t.discoveredAt, t.articleId).where(sql`is_lead = 1`),
  ],
);

export const latestDevelopments = sqliteTable(
  "latest_developments",
  {
    developmentId: text("development_id").primaryKey(),
    headline: text("headline").notNull(),
    url: text("url").notNull(),
    source: text("source").notNull(),
    topics: text("topics").notNull(),
    firstSeenAt: text("first_seen_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    articleCount: integer("article_count").notNull(),
    sourceCount: integer("source_count").notNull(),
    leadArticleId: text("lead_article_id").notNull(),
    entities: text("entities").notNull().default("[]"),
    langs: text("langs").notNull().default("[]"),
  },
  (t) => [index("latest_developments_updated_idx").on(t.updatedAt, t.developmentId)],
);

export const developmentArticles = sqliteTable(
  "development_articles",
  {
    developmentId: text("development_id").notNull(),
    articleId: text("article_id").notNull(),
    addedAt: text("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.developmentId, t.articleId] }), index("development_articles_article_idx").on(t.articleId)],
);

/** One row per (topic, development): `gw latest --topic X --since T` is one index range scan. */
export const developmentTopics = sqliteTable(
  "development_topics",
  {
    topic: text("topic").notNull(),
    developmentId: text("development_id").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.topic, t.developmentId] }),
    index("development_topics_updated_idx").on(t.topic, t.updatedAt, t.developmentId),
    index("development_topics_development_idx").on(t.developmentId),
  ],
);

/** Every development id ever announced: a development is "opened" at most once, whatever happens later. */
export const announcedDevelopments = sqliteTable("announced_developments", {
  developmentId: text("development_id").primaryKey(),
  openedSeq: integer("opened_seq").notNull(),
});

/**
 * Ids of developments merged into another (a late article joined two announced
 * stories): an alerted id keeps leading to its story. Always one hop: when a
 * survivor is merged in turn, its aliases are re-pointed.
 */
export const developmentAliases = sqliteTable(
  "development_aliases",
  {
    aliasId: text("alias_id").primaryKey(),
    developmentId: text("development_id").notNull(),
  },
  (t) => [index("development_aliases_development_idx").on(t.developmentId)],
);

/** Order in which taxonomy versions first appeared on the stream: a later version wins over an older one. */
export const taxonomyVersions = sqliteTable("taxonomy_versions", {
  version: text("version").primaryKey(),
  firstSeq: integer("first_seq").notNull(),
});

/** The stream position, written in the same transaction as the rows it produced. */
export const projectorPosition = sqliteTable("projector_position", {
  id: integer("id").primaryKey(),
  seq: integer("seq").notNull(),
  lastEventTime: text("last_event_time"),
  eventsApplied: integer("events_applied").notNull().default(0),
});

/** Development events waiting to be relayed to JetStream (msgID = event_id). */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: text("event_id").notNull().unique(),
    subject: text("subject").notNull(),
    payload: text("payload").notNull(),
    sourceSeq: integer("source_seq").notNull(),
    sentAt: text("sent_at"),
  },
  (t) => [index("outbox_pending_idx").on(t.id).where(sql`sent_at IS NULL`)],
);

/** Free-form facts about this file (e.g. which rebuild produced it). */
export const readModelMeta = sqliteTable("read_model_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
