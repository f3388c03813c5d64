/** The event store: one JetStream stream, file storage, history kept. */
export const STREAM = "GW";
export const STREAM_SUBJECTS = ["gw.>"];

/**
 * Poll results (one per feed per poll: ~1.4 M a day at 5,000 feeds) are
 * history, not state: nothing is rebuilt from them. They live in their own
 * stream with an age limit, so the event store does not grow without bound.
 */
export const POLL_STREAM = "GW_POLLS";
export const POLL_SUBJECTS = ["gw-polls.>"];
/** Where poll results were published before they had their own stream (purged from GW by ensureStreams). */
export const LEGACY_POLL_SUBJECT = "gw.feed.polled";

/** Where events that fail their schema are set aside, with the reason. */
export const DEAD_LETTER_STREAM = "GW_DEADLETTER";
export const DEAD_LETTER_SUBJECTS = ["gw-dlq.>"];

export const SUBJECTS = {
  articleDiscovered: "gw.article.discovered",
  articleRevised: "gw.article.revised",
  articleClassified: "gw.classification.recorded",
  feedPolled: "gw-polls.feed",
  developmentOpened: "gw.development.opened",
  developmentUpdated: "gw.development.updated",
} as const;

/** Filters for consumers (nats-server 2.9 takes one filter subject per consumer). */
export const ARTICLE_SUBJECTS = "gw.article.>";
export const CLASSIFICATION_SUBJECTS = "gw.classification.>";
export const DEVELOPMENT_SUBJECTS = "gw.development.>";

export function deadLetterSubject(original: string): string {
  return `gw-dlq.${original}`;
}

/** Core NATS (not stored) subject alerts are mirrored to for other programs. */
export function alertSubject(topic: string): string {
  return `alerts.${topic.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}
