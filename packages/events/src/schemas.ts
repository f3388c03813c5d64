import { z } from "zod";
import { envelopeOf, isoDate, makeEnvelope } from "./envelope.ts";
import { stableId } from "./ids.ts";

/** What the ingester knows of one article; carried forward by the classifier. */
export const articleSnapshot = z.object({
  article_id: z.string().min(1),
  feed_url: z.string().min(1),
  source: z.string(),
  url: z.string(),
  title: z.string(),
  summary: z.string(),
  content: z.string().optional(),
  lang: z.string().optional(),
  guid: z.string().optional(),
  published_at: isoDate.nullable(),
  discovered_at: isoDate,
  content_hash: z.string().min(1),
});
export type ArticleSnapshot = z.infer<typeof articleSnapshot>;

export const articleDiscovered = envelopeOf("article.discovered", articleSnapshot);
export type ArticleDiscovered = z.infer<typeof articleDiscovered>;

export const articleRevised = envelopeOf(
  "article.revised",
  articleSnapshot.extend({ revision: z.number().int().positive(), previous_hash: z.string() }),
);
export type ArticleRevised = z.infer<typeof articleRevised>;

export const feedPolled = envelopeOf(
  "feed.polled",
  z.object({
    feed_url: z.string().min(1),
    status: z.enum(["ok", "not-modified", "error"]),
    http_status: z.number().int().optional(),
    error: z.string().optional(),
    items: z.number().int().nonnegative(),
    new_items: z.number().int().nonnegative(),
    revised_items: z.number().int().nonnegative(),
    duration_ms: z.number().nonnegative(),
    next_poll_at: isoDate,
    moved_to: z.string().optional(),
  }),
);
export type FeedPolled = z.infer<typeof feedPolled>;

export const evidence = z.object({
  term: z.string(),
  field: z.enum(["title", "summary", "content"]),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  target: z.string(),
});
export type Evidence = z.infer<typeof evidence>;

export const articleClassified = envelopeOf(
  "article.classified",
  z.object({
    article: articleSnapshot,
    taxonomy_version: z.string().min(1),
    relevant: z.boolean(),
    relevance_score: z.number(),
    topics: z.array(z.string()),
    scores: z.record(z.string(), z.number()),
    entities: z.array(z.string()),
    evidence: z.array(evidence),
    /** Set by a reclassification run, so consumers can tell it from live traffic. */
    replay: z.boolean().optional(),
  }),
);
export type ArticleClassified = z.infer<typeof articleClassified>;

export const developmentData = z.object({
  development_id: z.string().min(1),
  headline: z.string(),
  url: z.string(),
  source: z.string(),
  topics: z.array(z.string()),
  entities: z.array(z.string()).optional(),
  langs: z.array(z.string()).optional(),
  first_seen_at: isoDate,
  updated_at: isoDate,
  article_count: z.number().int().positive(),
  source_count: z.number().int().positive(),
  lead_article_id: z.string(),
  /** For updates: what changed. */
  change: z.enum(["opened", "article-added", "topics-changed"]).optional(),
});
export type DevelopmentData = z.infer<typeof developmentData>;

export const developmentOpened = envelopeOf("development.opened", developmentData);
export type DevelopmentOpened = z.infer<typeof developmentOpened>;
export const developmentUpdated = envelopeOf("development.updated", developmentData);
export type DevelopmentUpdated = z.infer<typeof developmentUpdated>;

export const anyEvent = z.discriminatedUnion("type", [
  articleDiscovered,
  articleRevised,
  feedPolled,
  articleClassified,
  developmentOpened,
  developmentUpdated,
]);
export type AnyEvent = z.infer<typeof anyEvent>;

/* Factories: the only place event ids are derived, so every producer agrees. */

export function articleDiscoveredEvent(a: ArticleSnapshot, time: string): ArticleDiscovered {
  return makeEnvelope("article.discovered", stableId("article.discovered", a.article_id), a, time);
}

export function articleRevisedEvent(a: ArticleRevised["data"], time: string): ArticleRevised {
  return makeEnvelope("article.revised", stableId("article.revised", a.article_id, a.content_hash), a, time);
}

export function feedPolledEvent(d: FeedPolled["data"], time: string): FeedPolled {
  return makeEnvelope("feed.polled", stableId("feed.polled", d.feed_url, time), d, time);
}

export function articleClassifiedEvent(d: ArticleClassified["data"], time: string): ArticleClassified {
  const id = stableId("article.classified", d.article.article_id, d.article.content_hash, d.taxonomy_version);
  return makeEnvelope("article.classified", id, d, time);
}

export function developmentOpenedEvent(d: DevelopmentData, time: string): DevelopmentOpened {
  return makeEnvelope("development.opened", stableId("development.opened", d.development_id), d, time);
}

export function developmentUpdatedEvent(d: DevelopmentData, time: string): DevelopmentUpdated {
  const id = stableId("development.updated", d.development_id, d.article_count, d.topics.join(","));
  return makeEnvelope("development.updated", id, d, time);
}

/** The contract's alert payload (webhook body and NATS alert message). */
export const alertPayload = z.object({
  type: z.enum(["development.opened", "development.updated", "digest", "test"]),
  development_id: z.string(),
  headline: z.string(),
  url: z.string(),
  source: z.string(),
  topics: z.array(z.string()),
  first_seen_at: z.string(),
  text: z.string(),
});
export type AlertPayload = z.infer<typeof alertPayload>;
