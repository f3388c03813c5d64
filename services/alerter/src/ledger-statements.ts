/**
 * The ledger's hot-path SQL, prepared once per open ledger: drizzle's builder
 * re-compiled each query on every call, which was most of the alerter's CPU per
 * alert. Rows come back in the drizzle row shapes (camelCase) so callers see
 * no difference.
 */
import type Database from "better-sqlite3";
import type { channelHealth, deliveries } from "./schema.ts";

export type DeliveryRow = typeof deliveries.$inferSelect;
export type HealthRow = typeof channelHealth.$inferSelect;

const DELIVERY = `alert_key AS alertKey, channel, development_id AS developmentId, kind, status, payload, source_count AS sourceCount, topics,
  hold_reason AS holdReason, digest_key AS digestKey, created_at AS createdAt, released_at AS releasedAt, sent_at AS sentAt, attempts, refusals, last_error AS lastError`;
const HEALTH = `channel, consecutive_failures AS consecutiveFailures, next_try_at AS nextTryAt, last_error AS lastError, last_failure_at AS lastFailureAt,
  last_success_at AS lastSuccessAt, sent_total AS sentTotal, failed_total AS failedTotal,
  consecutive_rejections AS consecutiveRejections, rejected_total AS rejectedTotal`;

/** How many released rows one read brings into the worker's queue. */
export const DUE_PAGE = 256;

export function prepareLedgerStatements(db: Database.Database) {
  return {
    priorOf: db.prepare<[string, string], { sourceCount: number; topics: string }>(
      "SELECT source_count AS sourceCount, topics FROM deliveries WHERE development_id = ? AND channel = ?",
    ),
    insertPending: db.prepare<[string, string, string, string, string, number, string, number]>(
      `INSERT INTO deliveries (alert_key, channel, development_id, kind, status, payload, source_count, topics, created_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    insertDigest: db.prepare<[string, string, string, string, string, number, number]>(
      `INSERT INTO deliveries (alert_key, channel, development_id, kind, status, payload, topics, created_at, released_at)
       VALUES (?, ?, ?, 'digest', 'released', ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    waiting: db.prepare<[string], { key: string; status: "pending" | "held"; holdReason: "rate-limit" | "quiet-hours" | null; createdAt: number }>(
      "SELECT alert_key AS key, status, hold_reason AS holdReason, created_at AS createdAt FROM deliveries WHERE channel = ? AND status IN ('pending', 'held')",
    ),
    slots: db.prepare<[string, number], { status: string; sentAt: number | null }>(
      "SELECT status, sent_at AS sentAt FROM deliveries WHERE channel = ? AND (status = 'released' OR sent_at > ?)",
    ),
    release: db.prepare<[number, string, string]>("UPDATE deliveries SET status = 'released', released_at = ? WHERE channel = ? AND alert_key = ?"),
    hold: db.prepare<[string, string, string]>("UPDATE deliveries SET status = 'held', hold_reason = ? WHERE channel = ? AND alert_key = ?"),
    digested: db.prepare<[string, string, string]>("UPDATE deliveries SET status = 'digested', digest_key = ? WHERE channel = ? AND alert_key = ?"),
    row: db.prepare<[string, string], DeliveryRow>(`SELECT ${DELIVERY} FROM deliveries WHERE channel = ? AND alert_key = ?`),
    due: db.prepare<[string], DeliveryRow>(
      `SELECT ${DELIVERY} FROM deliveries WHERE channel = ? AND status = 'released' ORDER BY released_at, created_at, alert_key LIMIT ${DUE_PAGE}`,
    ),
    sent: db.prepare<[number, string, string]>(
      "UPDATE deliveries SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE alert_key = ? AND channel = ?",
    ),
    healthSent: db.prepare<[string, number]>(
      `INSERT INTO channel_health (channel, last_success_at, sent_total) VALUES (?, ?, 1) ON CONFLICT (channel) DO UPDATE SET
         consecutive_failures = 0, consecutive_rejections = 0, next_try_at = 0, last_success_at = excluded.last_success_at, sent_total = sent_total + 1`,
    ),
    // A refusal (1) also counts toward the row's rejection; a transient failure (0) does not.
    failed: db.prepare<[number, string, string, string]>(
      "UPDATE deliveries SET attempts = attempts + 1, refusals = refusals + ?, last_error = ? WHERE alert_key = ? AND channel = ?",
    ),
    healthFailed: db.prepare<[string, number, string, number]>(
      `INSERT INTO channel_health (channel, consecutive_failures, next_try_at, last_error, last_failure_at, failed_total) VALUES (?, 1, ?, ?, ?, 1)
       ON CONFLICT (channel) DO UPDATE SET consecutive_failures = consecutive_failures + 1, next_try_at = excluded.next_try_at,
         last_error = excluded.last_error, last_failure_at = excluded.last_failure_at, failed_total = failed_total + 1`,
    ),
    refusalsOf: db.prepare<[string, string], { refusals: number }>("SELECT refusals FROM deliveries WHERE alert_key = ? AND channel = ?"),
    rejected: db.prepare<[string, string, string]>(
      "UPDATE deliveries SET status = 'rejected', attempts = attempts + 1, refusals = refusals + 1, last_error = ? WHERE alert_key = ? AND channel = ?",
    ),
    // A rejection ends the backoff: the channel answered, and moves on to its next alert at once.
    healthRejected: db.prepare<[string, string, number]>(
      `INSERT INTO channel_health (channel, last_error, last_failure_at, failed_total, consecutive_rejections, rejected_total) VALUES (?, ?, ?, 1, 1, 1)
       ON CONFLICT (channel) DO UPDATE SET consecutive_failures = 0, next_try_at = 0, last_error = excluded.last_error,
         last_failure_at = excluded.last_failure_at, failed_total = failed_total + 1, consecutive_rejections = consecutive_rejections + 1,
         rejected_total = rejected_total + 1`,
    ),
    health: db.prepare<[string], HealthRow>(`SELECT ${HEALTH} FROM channel_health WHERE channel = ?`),
    rejectedNow: db.prepare<[], { channel: string; n: number }>("SELECT channel, count(*) AS n FROM deliveries WHERE status = 'rejected' GROUP BY channel"),
  };
}
