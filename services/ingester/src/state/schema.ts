/**
 * The ingester's own durable state (SQLite, not NATS KV): per-feed HTTP
 * validators, schedule and health, and the ids and content hashes already
 * published. Times are epoch milliseconds. Changes go through drizzle-kit
 * (`pnpm db:generate`), output committed under migrations/ingester.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const feeds = sqliteTable(
  "feeds",
  {
    url: text("url").primaryKey(),
    title: text("title").notNull().default(""),
    siteUrl: text("site_url"),
    lang: text("lang"),
    /** Scope for feed-local GUIDs; fixed at first add, so a moved feed keeps its article ids. */
    idScope: text("id_scope").notNull(),
    /** "config" (from GW_FEEDS / the default list) or "cli" (gw feeds add/import). */
    origin: text("origin").notNull(),
    active: integer("active").notNull().default(1),
    etag: text("etag"),
    lastModified: text("last_modified"),
    nextPollAt: integer("next_poll_at").notNull().default(0),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    lastStatus: text("last_status"),
    lastHttpStatus: integer("last_http_status"),
    lastError: text("last_error"),
    lastPolledAt: integer("last_polled_at"),
    lastSuccessAt: integer("last_success_at"),
    itemCount: integer("item_count").notNull().default(0),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [index("feeds_next_poll").on(t.nextPollAt)],
);

/** Old URLs of feeds that moved (301/308), so a config list naming them does not re-add them. */
export const feedAliases = sqliteTable("feed_aliases", {
  url: text("url").primaryKey(),
  feedUrl: text("feed_url").notNull(),
});

/**
 * Articles already published (acked by the server): the latest content hash,
 * and every hash published (`hashes`, space-separated), so a feed flapping
 * between two versions revises once, not forever. One B-tree on purpose: a
 * cold poll inserts thousands of random ids, and each extra index doubles the
 * pages a commit writes. Pruning scans `last_seen_at` without an index (rare).
 */
export const seenArticles = sqliteTable("seen_articles", {
  articleId: text("article_id").primaryKey(),
  contentHash: text("content_hash").notNull(),
  hashes: text("hashes").notNull(),
  revision: integer("revision").notNull().default(0),
  feedUrl: text("feed_url").notNull(),
  firstSeenAt: integer("first_seen_at").notNull(),
  lastSeenAt: integer("last_seen_at").notNull(),
});
