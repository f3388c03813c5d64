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
  const snapshot = snapshotOf(article);
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

const SNAPSHOT_KEYS = Object.keys(articleSnapshot.shape) as (keyof ArticleSnapshot)[];

/**
 * The snapshot fields of an article already validated at the edge (the consumer
 * loop, the ordered reader): a revised article also carries revision fields,
 * and the classified event keeps the snapshot shape. A copy of the known keys,
 * not a second schema parse: that parse cost about as much as decoding the event.
 */
function snapshotOf(article: ArticleSnapshot): ArticleSnapshot {
  const out: Record<string, unknown> = {};
  for (const k of SNAPSHOT_KEYS) if (article[k] !== undefined) out[k] = article[k];
  return out as ArticleSnapshot;
}
