/**
 * Builds the article.classified fact for one article snapshot. Its id derives
 * from (article, content hash, taxonomy version), so re-classifying the same
 * content with the same taxonomy is the same fact, and a new taxonomy version
 * is a new one.
 */
import { articleClassifiedEvent, articleSnapshot, type ArticleClassified, type ArticleSnapshot } from "@gw/events";
import { classify } from "./classify.ts";
import type { CompiledTaxonomy } from "./compile-taxonomy.ts";

export function classificationEvent(
  article: ArticleSnapshot,
  tax: CompiledTaxonomy,
  time: string,
  opts: { replay?: boolean } = {},
): ArticleClassified {
  // A revised article carries revision fields; the classified event keeps the snapshot shape.
  const snapshot = articleSnapshot.parse(article);
  const c = classify(snapshot, tax);
  return articleClassifiedEvent(
    {
      article: snapshot,
      taxonomy_version: c.taxonomy_version,
      relevant: c.relevant,
      relevance_score: c.relevance_score,
      topics: c.topics,
      scores: c.scores,
      entities: c.entities,
      evidence: c.evidence,
      ...(opts.replay ? { replay: true } : {}),
    },
    time,
  );
}
