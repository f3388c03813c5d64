/**
 * Reads and writes of the feed state, as prepared statements (the poll path
 * runs them thousands of times a cycle). A poll's outcome is written in one
 * transaction: the feed row and the articles it published, so "seen" never
 * runs ahead of what the server acknowledged.
 */
import type Database from "better-sqlite3";
import { idScope } from "../article-id.ts";

export interface FeedRow {
  url: string;
  title: string;
  siteUrl: string | null;
  lang: string | null;
  idScope: string;
  origin: string;
  active: number;
  etag: string | null;
  lastModified: string | null;
  nextPollAt: number;
  consecutiveFailures: number;
  lastStatus: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  lastPolledAt: number | null;
  lastSuccessAt: number | null;
  itemCount: number;
  addedAt: number;
}

export interface SeenRow {
  contentHash: string;
  revision: number;
}

export interface PublishedArticle {
  articleId: string;
  contentHash: string;
  revision: number;
}

/** What one poll changes on the feed row; absent keys are left alone. */
export type FeedUpdate = Partial<Omit<FeedRow, "url" | "idScope" | "origin" | "addedAt" | "active">>;

const COLUMNS: Record<keyof FeedUpdate, string> = {
  title: "title", siteUrl: "site_url", lang: "lang", etag: "etag", lastModified: "last_modified",
  nextPollAt: "next_poll_at", consecutiveFailures: "consecutive_failures", lastStatus: "last_status",
  lastHttpStatus: "last_http_status", lastError: "last_error", lastPolledAt: "last_polled_at",
  lastSuccessAt: "last_success_at", itemCount: "item_count",
};

const SELECT_FEED = `SELECT url, title, site_url AS siteUrl, lang, id_scope AS idScope, origin, active, etag,
  last_modified AS lastModified, next_poll_at AS nextPollAt, consecutive_failures AS consecutiveFailures,
  last_status AS lastStatus, last_http_status AS lastHttpStatus, last_error AS lastError,
  last_polled_at AS lastPolledAt, last_success_at AS lastSuccessAt, item_count AS itemCount, added_at AS addedAt FROM feeds`;

const TOUCH_EVERY_MS = 86_400_000;

export function createFeedStore(db: Database.Database) {
  const insertFeed = db.prepare(
    "INSERT OR IGNORE INTO feeds (url, title, id_scope, origin, active, next_poll_at, added_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
  );
  const aliasOf = db.prepare<[string], { feedUrl: string }>("SELECT feed_url AS feedUrl FROM feed_aliases WHERE url = ?");
  const getFeed = db.prepare<[string], FeedRow>(`${SELECT_FEED} WHERE url = ?`);
  const allFeeds = db.prepare<[], FeedRow>(`${SELECT_FEED} ORDER BY url`);
  const activeFeeds = db.prepare<[], FeedRow>(`${SELECT_FEED} WHERE active = 1`);
  const getSeen = db.prepare<[string], SeenRow>("SELECT content_hash AS contentHash, revision FROM seen_articles WHERE article_id = ?");
  const hashesOf = db.prepare<[string], { hashes: string }>("SELECT hashes FROM seen_articles WHERE article_id = ?");
  const upsertSeen = db.prepare(
    `INSERT INTO seen_articles (article_id, content_hash, hashes, revision, feed_url, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(article_id) DO UPDATE SET content_hash = excluded.content_hash, revision = excluded.revision, last_seen_at = excluded.last_seen_at,
       hashes = CASE WHEN instr(' ' || seen_articles.hashes || ' ', ' ' || excluded.content_hash || ' ') > 0 THEN seen_articles.hashes
                     ELSE seen_articles.hashes || ' ' || excluded.content_hash END`,
  );
  // Only rows not touched for a day are rewritten: keeps "last seen" good enough for 90-day pruning without a write per item per poll.
  const touchSeen = db.prepare("UPDATE seen_articles SET last_seen_at = ? WHERE article_id = ? AND last_seen_at < ?");
  const updateStatements = new Map<string, Database.Statement>();

  function updateFeed(url: string, patch: FeedUpdate): void {
    const keys = (Object.keys(patch) as Array<keyof FeedUpdate>).filter((k) => patch[k] !== undefined && k in COLUMNS).sort();
    if (!keys.length) return;
    const sig = keys.join(",");
    let stmt = updateStatements.get(sig);
    if (!stmt) {
      stmt = db.prepare(`UPDATE feeds SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(", ")} WHERE url = ?`);
      updateStatements.set(sig, stmt);
    }
    stmt.run(...keys.map((k) => patch[k] as unknown), url);
  }

  return {
    db,
    /** Adds a feed unless it (or a feed it moved to) is known; true when added. */
    addFeed(url: string, origin: "config" | "cli", now: number, title = ""): boolean {
      if (aliasOf.get(url)) return false;
      return insertFeed.run(url, title, idScope(url), origin, now, now).changes > 0;
    },
    /** Config list → state: new URLs added, known ones keep their state, config feeds no longer listed stop being polled. */
    syncConfigFeeds(entries: ReadonlyArray<{ url: string; title?: string }>, now: number): number {
      let added = 0;
      db.transaction(() => {
        db.prepare("UPDATE feeds SET active = 0 WHERE origin = 'config'").run();
        const activate = db.prepare("UPDATE feeds SET active = 1 WHERE url = ?");
        for (const { url, title } of entries) {
          const target = aliasOf.get(url)?.feedUrl ?? url;
          if (target === url && insertFeed.run(url, title ?? "", idScope(url), "config", now, now).changes > 0) added++;
          activate.run(target);
        }
      })();
      return added;
    },
    getFeed: (url: string) => getFeed.get(url),
    listFeeds: () => allFeeds.all(),
    activeFeeds: () => activeFeeds.all(),
    seen: (articleId: string) => getSeen.get(articleId),
    hashKnown: (articleId: string, hash: string) => ` ${hashesOf.get(articleId)?.hashes ?? ""} `.includes(` ${hash} `),
    /** Records one poll: feed state plus the articles the server acked, atomically. */
    recordPoll: db.transaction((url: string, patch: FeedUpdate, published: readonly PublishedArticle[], stillListed: readonly string[], now: number) => {
      updateFeed(url, patch);
      for (const a of published) {
        upsertSeen.run(a.articleId, a.contentHash, a.contentHash, a.revision, url, now, now);
      }
      const fresh = new Set(published.map((a) => a.articleId));
      for (const id of stillListed) if (!fresh.has(id)) touchSeen.run(now, id, now - TOUCH_EVERY_MS);
    }),
    updateFeed,
    /** A permanent redirect: the feed's row takes the new URL, the old one becomes an alias. */
    moveFeed: db.transaction((from: string, to: string) => {
      if (from === to) return;
      if (getFeed.get(to)) db.prepare("DELETE FROM feeds WHERE url = ?").run(from);
      else db.prepare("UPDATE feeds SET url = ? WHERE url = ?").run(to, from);
      db.prepare("INSERT OR REPLACE INTO feed_aliases (url, feed_url) VALUES (?, ?)").run(from, to);
      db.prepare("UPDATE feed_aliases SET feed_url = ? WHERE feed_url = ?").run(to, from);
    }),
    /** Forgets articles no feed has listed since `before` (a feed repeating an item keeps it alive). */
    pruneSeen(before: number): number {
      return db.prepare("DELETE FROM seen_articles WHERE last_seen_at < ?").run(before).changes;
    },
    close: () => db.close(),
  };
}

export type FeedStore = ReturnType<typeof createFeedStore>;
