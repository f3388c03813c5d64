/**
 * Reclassification by replay: reads every article event from the start of the
 * stream up to the last one present when the run began, keeps the latest
 * content of each article, classifies it with the given taxonomy and publishes
 * article.classified events marked `replay: true`.
 *
 * Articles whose latest content already has a classification with this
 * taxonomy version are skipped (unless `force`), so running it twice publishes
 * nothing new; the event id (article, content hash, version) lets JetStream
 * drop a re-publish inside its duplicate window too.
 */
import type { Logger } from "pino";
import { z } from "zod";
import { lastSequence, publishEvents, readOrdered, type Bus } from "@gw/bus";
import { ARTICLE_SUBJECTS, CLASSIFICATION_SUBJECTS, STREAM, SUBJECTS, type ArticleSnapshot } from "@gw/events";
import { classificationEvent } from "./classification-event.ts";
import type { CompiledTaxonomy } from "./compile-taxonomy.ts";
import { articleEvent } from "./service.ts";

export interface ReclassifyOptions {
  bus: Bus;
  tax: CompiledTaxonomy;
  logger: Logger;
  signal: AbortSignal;
  now?: () => Date;
  force?: boolean;
  onProgress?: (p: { phase: "read" | "publish"; done: number; total?: number }) => void;
}

export interface ReclassifyResult {
  articles: number;
  skipped: number;
  published: number;
  duplicates: number;
  relevant: number;
}

const classifiedKey = z.object({ data: z.object({ article: z.object({ article_id: z.string(), content_hash: z.string() }), taxonomy_version: z.string() }) });
const keyOf = (id: string, hash: string, version: string) => `${id}\u0000${hash}\u0000${version}`;

/** Reads one filter from the start up to the last matching message at call time. */
async function* readAll<T>(o: ReclassifyOptions, filter: string, subjects: string[], schema: z.ZodType<T>) {
  const last = Math.max(0, ...(await Promise.all(subjects.map((s) => lastSequence(o.bus.jsm, STREAM, s)))));
  if (last === 0) return;
  for await (const batch of readOrdered({ js: o.bus.js, filterSubject: filter, schema, fromSeq: 1, untilSeq: last, signal: o.signal })) {
    for (const item of batch) {
      if (item.ok) yield item.event;
      else if (!item.skip) o.logger.warn({ seq: item.seq, reason: item.reason }, "skipped an invalid event");
    }
  }
}

export async function reclassify(o: ReclassifyOptions): Promise<ReclassifyResult> {
  const now = o.now ?? (() => new Date());
  const done = new Set<string>();
  if (!o.force) {
    for await (const e of readAll(o, CLASSIFICATION_SUBJECTS, [SUBJECTS.articleClassified], classifiedKey)) {
      if (e.data.taxonomy_version === o.tax.version) done.add(keyOf(e.data.article.article_id, e.data.article.content_hash, e.data.taxonomy_version));
    }
  }
  const latest = new Map<string, ArticleSnapshot>();
  let read = 0;
  for await (const e of readAll(o, ARTICLE_SUBJECTS, [SUBJECTS.articleDiscovered, SUBJECTS.articleRevised], articleEvent)) {
    latest.set(e.data.article_id, e.data);
    if (++read % 1000 === 0) o.onProgress?.({ phase: "read", done: read });
  }
  const todo = [...latest.values()].filter((a) => !done.has(keyOf(a.article_id, a.content_hash, o.tax.version)));
  const result: ReclassifyResult = { articles: latest.size, skipped: latest.size - todo.length, published: 0, duplicates: 0, relevant: 0 };
  const time = now().toISOString();
  for (let i = 0; i < todo.length && !o.signal.aborted; i += 500) {
    const events = todo.slice(i, i + 500).map((a) => classificationEvent(a, o.tax, time, { replay: true }));
    const acks = await publishEvents(o.bus.js, events.map((event) => ({ subject: SUBJECTS.articleClassified, event })));
    result.duplicates += acks.filter((a) => a.duplicate).length;
    result.published += acks.filter((a) => !a.duplicate).length;
    result.relevant += events.filter((e) => e.data.relevant).length;
    o.onProgress?.({ phase: "publish", done: Math.min(i + 500, todo.length), total: todo.length });
  }
  return result;
}

