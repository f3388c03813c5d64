/**
 * The classifier service: consumes article events (durable "classifier"),
 * classifies each with the taxonomy loaded at start, publishes one
 * article.classified event per article and acks only after JetStream has
 * stored them all. A malformed article event is dead-lettered by the loop.
 */
import { z } from "zod";
import { ensureStreams, publishEvents, runConsumerLoop, type ServiceRunner } from "@gw/bus";
import { ARTICLE_SUBJECTS, SUBJECTS, articleDiscovered, articleRevised } from "@gw/events";
import { classificationEvent } from "./classification-event.ts";
import { loadTaxonomy, taxonomyPath } from "./load-taxonomy.ts";

export const articleEvent = z.discriminatedUnion("type", [articleDiscovered, articleRevised]);
export type ArticleEvent = z.infer<typeof articleEvent>;

const ACCEPT = new Set(["article.discovered", "article.revised"]);

export const runClassifier: ServiceRunner = async (ctx) => {
  const { config, logger, bus, signal } = ctx;
  const now = ctx.now ?? (() => new Date());
  // Before touching NATS: a bad taxonomy stops the service at start with the file and key.
  const tax = loadTaxonomy(taxonomyPath(config));
  logger.info({ taxonomy: tax.source.name, version: tax.version, terms: tax.terms.length }, "taxonomy loaded");
  await ensureStreams(bus.jsm, { replicas: config.stream.replicas, pollHistoryDays: config.stream.pollHistoryDays });
  await runConsumerLoop<ArticleEvent>({
    js: bus.js,
    jsm: bus.jsm,
    logger,
    durable: "classifier",
    filterSubject: ARTICLE_SUBJECTS,
    schema: articleEvent,
    acceptTypes: ACCEPT,
    signal,
    ackWaitMs: config.stream.ackWaitMs,
    ...(config.classifier.maxBatch ? { maxBatch: config.classifier.maxBatch } : {}),
    handle: async (batch) => {
      const time = now().toISOString();
      const events = batch.map((d) => classificationEvent(d.event.data, tax, time));
      await publishEvents(bus.js, events.map((event) => ({ subject: SUBJECTS.articleClassified, event })));
      const relevant = events.filter((e) => e.data.relevant).length;
      logger.debug({ count: events.length, relevant, firstSeq: batch[0]?.seq }, "classified");
    },
  });
  logger.info("classifier stopped");
};
