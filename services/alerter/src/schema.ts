import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The delivery ledger. One row per (alert, channel): the consumer inserts it as
 * `pending` before the bus message is acked; the channel's worker moves it on.
 *
 *   pending ─▶ released ─▶ sent          (released: the rate limit gave it a slot)
 *      │          └─▶ rejected ─▶ released   (the receiver refused this payload; `gw alerts retry`)
 *      └─▶ held ─▶ digested              (over the limit or in quiet hours: folded into a digest row)
 *
 * A row that exists is never inserted again, which is what makes a redelivery,
 * a rebuild or a reclassification send nothing twice.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    /** development_id for the first alert of a development; a derived key for update alerts and digests. */
    alertKey: text("alert_key").notNull(),
    channel: text("channel").notNull(),
    developmentId: text("development_id").notNull(),
    kind: text("kind", { enum: ["development.opened", "development.updated", "digest"] }).notNull(),
    status: text("status", { enum: ["pending", "held", "released", "sent", "digested", "rejected"] }).notNull(),
    /** The alert payload (JSON), exactly what is delivered. */
    payload: text("payload").notNull(),
    sourceCount: integer("source_count").notNull().default(0),
    /** JSON array of the topics this alert announced. */
    topics: text("topics").notNull().default("[]"),
    /** Why a row is held: the rate limit or quiet hours (names the digest it ends up in). */
    holdReason: text("hold_reason", { enum: ["rate-limit", "quiet-hours"] }),
    digestKey: text("digest_key"),
    createdAt: integer("created_at").notNull(),
    releasedAt: integer("released_at"),
    sentAt: integer("sent_at"),
    attempts: integer("attempts").notNull().default(0),
    /** Attempts the receiver refused (a 4xx, an SMTP 5xx to the message): at `REJECT_AFTER` (`HOLD_REJECT_AFTER` while the channel is held) the row is rejected. */
    refusals: integer("refusals").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [
    primaryKey({ columns: [t.alertKey, t.channel] }),
    index("deliveries_channel_status").on(t.channel, t.status, t.createdAt),
    index("deliveries_development").on(t.developmentId, t.channel),
    index("deliveries_created").on(t.createdAt),
  ],
);

/** Per-channel delivery health: what `gw alerts list` reports and the worker's backoff state. */
export const channelHealth = sqliteTable("channel_health", {
  channel: text("channel").primaryKey(),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  nextTryAt: integer("next_try_at").notNull().default(0),
  lastError: text("last_error"),
  lastFailureAt: integer("last_failure_at"),
  lastSuccessAt: integer("last_success_at"),
  sentTotal: integer("sent_total").notNull().default(0),
  failedTotal: integer("failed_total").notNull().default(0),
  /** Alerts rejected in a row with no send or `gw alerts retry` between: past a few, the channel refuses everything and holds its queue instead. */
  consecutiveRejections: integer("consecutive_rejections").notNull().default(0),
  rejectedTotal: integer("rejected_total").notNull().default(0),
});
