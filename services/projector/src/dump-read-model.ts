import type { Db } from "./open-read-model.ts";

/**
 * The user-visible tables, in a stable order, for comparing two read models
 * (live vs rebuild, crashed vs uninterrupted). `classified_seq` is left out of
 * articles: the same facts may sit at other stream positions after a re-publish.
 */
export function dumpReadModel(db: Db) {
  return {
    articles: db
      .prepare(
        `SELECT article_id, url, title, summary, source, feed_url, lang, published_at, discovered_at, relevant, topics, entities,
           taxonomy_version, content_hash, development_id, is_lead, lead_article_id FROM articles ORDER BY article_id`,
      )
      .all(),
    latest_developments: db.prepare("SELECT * FROM latest_developments ORDER BY development_id").all(),
    development_articles: db.prepare("SELECT * FROM development_articles ORDER BY development_id, article_id").all(),
    development_topics: db.prepare("SELECT * FROM development_topics ORDER BY topic, development_id").all(),
    development_aliases: db.prepare("SELECT * FROM development_aliases ORDER BY alias_id").all(),
  };
}
