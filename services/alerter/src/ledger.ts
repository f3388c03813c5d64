/**
 * The delivery ledger: every state change of an alert on a channel, in SQLite.
 * `recordEvents` runs before the bus message is acked, so an event is either
 * not acked (and comes back) or its deliveries are durably pending. The worker
 * plans (rate limit, digests) and marks rows sent only after the channel
 * accepted them: a kill between the two re-sends with the same Idempotency-Key.
 */
import { and, asc, desc, eq, gt, inArray, or, sql } from "drizzle-orm";
import type { DevelopmentData } from "@gw/events";
import { buildDigest, digestKey, type Alert } from "./alert-payload.ts";
import { decideAlert, type AlertRules } from "./decide-alert.ts";
import { openLedgerDb } from "./open-ledger.ts";
import { planChannel, type Plan, type PlanInput } from "./plan-channel.ts";
import { channelHealth, deliveries } from "./schema.ts";

export type DeliveryRow = typeof deliveries.$inferSelect;
export type HealthRow = typeof channelHealth.$inferSelect;
export type Ledger = ReturnType<typeof createLedger>;

const CHUNK = 500;
const chunks = <T>(xs: readonly T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export function createLedger(file: string) {
  const { db, sqlite } = openLedgerDb(file);
  const priorOf = (developmentId: string, channel: string) =>
    db
      .select({ sourceCount: deliveries.sourceCount, topics: deliveries.topics })
      .from(deliveries)
      .where(and(eq(deliveries.developmentId, developmentId), eq(deliveries.channel, channel)))
      .all()
      .map((r) => ({ sourceCount: r.sourceCount, topics: JSON.parse(r.topics) as string[] }));

  const updateStatus = (channel: string, keys: readonly string[], set: Partial<DeliveryRow>) => {
    for (const part of chunks(keys)) {
      db.update(deliveries).set(set).where(and(eq(deliveries.channel, channel), inArray(deliveries.alertKey, part))).run();
    }
  };

  return {
    sqlite,
    /** Decides and records the deliveries these events call for; returns how many rows each channel got. */
    recordEvents(devs: readonly DevelopmentData[], channels: readonly string[], rules: AlertRules, now: number): Map<string, number> {
      const added = new Map<string, number>();
      sqlite.transaction(() => {
        for (const d of devs) {
          for (const channel of channels) {
            const decision = decideAlert(d, priorOf(d.development_id, channel), rules);
            if (!decision) continue;
            const r = db
              .insert(deliveries)
              .values({
                alertKey: decision.alertKey,
                channel,
                developmentId: d.development_id,
                kind: decision.kind,
                status: "pending",
                payload: JSON.stringify(decision.alert),
                sourceCount: d.source_count,
                topics: JSON.stringify(d.topics),
                createdAt: now,
              })
              .onConflictDoNothing()
              .run();
            if (r.changes) added.set(channel, (added.get(channel) ?? 0) + 1);
          }
        }
      })();
      return added;
    },

    /** Applies the flood-control plan for a channel at `now`; returns when to plan again (or null). */
    plan(channel: string, now: number, opts: Pick<PlanInput, "limit"> & { quiet: PlanInput["quiet"] }): Plan {
      return sqlite.transaction(() => {
        const waiting = db
          .select({ key: deliveries.alertKey, status: deliveries.status, holdReason: deliveries.holdReason, createdAt: deliveries.createdAt })
          .from(deliveries)
          .where(and(eq(deliveries.channel, channel), inArray(deliveries.status, ["pending", "held"])))
          .all() as PlanInput["waiting"];
        if (!waiting.length) return { release: [], hold: [], digest: null, wakeAt: null };
        const slotsAt = db
          .select({ status: deliveries.status, sentAt: deliveries.sentAt })
          .from(deliveries)
          .where(and(eq(deliveries.channel, channel), or(eq(deliveries.status, "released"), gt(deliveries.sentAt, now - opts.limit.windowMs))))
          .all()
          .map((r) => (r.status === "released" ? now : (r.sentAt ?? now)));
        const plan = planChannel({ now, waiting, slotsAt, ...opts });
        updateStatus(channel, plan.release, { status: "released", releasedAt: now });
        for (const reason of ["rate-limit", "quiet-hours"] as const) {
          updateStatus(channel, plan.hold.filter((h) => h.reason === reason).map((h) => h.key), { status: "held", holdReason: reason });
        }
        if (plan.digest) insertDigest(channel, plan.digest.keys, plan.digest.reason, now);
        return plan;
      })();
    },

    /** The next released row to deliver on this channel, oldest first. */
    nextDue(channel: string): DeliveryRow | undefined {
      return db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.channel, channel), eq(deliveries.status, "released")))
        .orderBy(asc(deliveries.releasedAt), asc(deliveries.createdAt), asc(deliveries.alertKey))
        .limit(1)
        .get();
    },

    markSent(alertKey: string, channel: string, now: number): void {
      sqlite.transaction(() => {
        db.update(deliveries)
          .set({ status: "sent", sentAt: now, attempts: sql`${deliveries.attempts} + 1`, lastError: null })
          .where(and(eq(deliveries.alertKey, alertKey), eq(deliveries.channel, channel)))
          .run();
        const reset = { consecutiveFailures: 0, nextTryAt: 0, lastSuccessAt: now, sentTotal: sql`${channelHealth.sentTotal} + 1` };
        db.insert(channelHealth).values({ channel, lastSuccessAt: now, sentTotal: 1 }).onConflictDoUpdate({ target: channelHealth.channel, set: reset }).run();
      })();
    },

    /** Records a failed attempt and the channel's next try; returns its consecutive failures. */
    markFailed(alertKey: string, channel: string, error: string, now: number, nextTryAt: number): number {
      return sqlite.transaction(() => {
        db.update(deliveries)
          .set({ attempts: sql`${deliveries.attempts} + 1`, lastError: error })
          .where(and(eq(deliveries.alertKey, alertKey), eq(deliveries.channel, channel)))
          .run();
        const set = {
          consecutiveFailures: sql`${channelHealth.consecutiveFailures} + 1`,
          nextTryAt,
          lastError: error,
          lastFailureAt: now,
          failedTotal: sql`${channelHealth.failedTotal} + 1`,
        };
        db.insert(channelHealth)
          .values({ channel, consecutiveFailures: 1, nextTryAt, lastError: error, lastFailureAt: now, failedTotal: 1 })
          .onConflictDoUpdate({ target: channelHealth.channel, set })
          .run();
        return db.select().from(channelHealth).where(eq(channelHealth.channel, channel)).get()?.consecutiveFailures ?? 1;
      })();
    },

    health(channel: string): HealthRow | undefined {
      return db.select().from(channelHealth).where(eq(channelHealth.channel, channel)).get();
    },

    allHealth(): HealthRow[] {
      return db.select().from(channelHealth).orderBy(asc(channelHealth.channel)).all();
    },

    /** The most recent alerts (newest first) with one row per channel. */
    recent(limit: number): DeliveryRow[] {
      const keys = db
        .selectDistinct({ key: deliveries.alertKey, at: deliveries.createdAt })
        .from(deliveries)
        .orderBy(desc(deliveries.createdAt), asc(deliveries.alertKey))
        .limit(limit)
        .all()
        .map((r) => r.key);
      if (!keys.length) return [];
      return db.select().from(deliveries).where(inArray(deliveries.alertKey, keys)).orderBy(desc(deliveries.createdAt), asc(deliveries.alertKey), asc(deliveries.channel)).all();
    },

    all(): DeliveryRow[] {
      return db.select().from(deliveries).orderBy(asc(deliveries.createdAt), asc(deliveries.alertKey), asc(deliveries.channel)).all();
    },

    close(): void {
      sqlite.close();
    },
  };

  function insertDigest(channel: string, keys: readonly string[], reason: "rate-limit" | "quiet-hours", now: number): void {
    const rows = chunks(keys).flatMap((part) =>
      db.select().from(deliveries).where(and(eq(deliveries.channel, channel), inArray(deliveries.alertKey, part))).all(),
    );
    rows.sort((a, b) => a.createdAt - b.createdAt || a.alertKey.localeCompare(b.alertKey));
    const key = digestKey(keys);
    const digest = buildDigest(key, rows.map((r) => JSON.parse(r.payload) as Alert), reason);
    db.insert(deliveries)
      .values({ alertKey: key, channel, developmentId: key, kind: "digest", status: "released", payload: JSON.stringify(digest), topics: JSON.stringify(digest.topics), createdAt: now, releasedAt: now })
      .onConflictDoNothing()
      .run();
    updateStatus(channel, keys, { status: "digested", digestKey: key });
  }
}
