/**
 * The delivery ledger: every state change of an alert on a channel, in SQLite.
 * `recordEvents` runs before the bus message is acked, so an event is either
 * not acked (and comes back) or its deliveries are durably pending. The worker
 * plans (rate limit, digests) and marks rows sent only after the channel
 * accepted them: a kill between the two re-sends with the same Idempotency-Key.
 * A row the receiver refused for good is marked `rejected` and leaves the queue;
 * `requeueRejected` puts it back, at the end of the queue, as itself.
 */
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DevelopmentData } from "@gw/events";
import { buildDigest, digestKey, type Alert } from "./alert-payload.ts";
import type { FailureKind } from "./channels/classify-failure.ts";
import { decideAlert, type AlertRules } from "./decide-alert.ts";
import { prepareLedgerStatements, type DeliveryRow, type HealthRow } from "./ledger-statements.ts";
import { openLedgerDb } from "./open-ledger.ts";
import { planChannel, type Plan, type PlanInput } from "./plan-channel.ts";
import { channelHealth, deliveries } from "./schema.ts";

export type { DeliveryRow, HealthRow } from "./ledger-statements.ts";
export type Ledger = ReturnType<typeof createLedger>;

export function createLedger(file: string) {
  const { db, sqlite } = openLedgerDb(file);
  const q = prepareLedgerStatements(sqlite);
  // Each channel's released rows in delivery order, head first: a page read once
  // instead of a sorted query per alert. plan() and requeueRejected() release
  // rows and drop the channel's page; markSent() and markRejected() retire its
  // head (retire()). Another process's `gw alerts retry` only appends released
  // rows, which the next page read finds (the page is re-read when empty).
  const dueQueues = new Map<string, DeliveryRow[]>();

  const recordEvents = sqlite.transaction((devs: readonly DevelopmentData[], channels: readonly string[], rules: AlertRules, now: number) => {
    const added = new Map<string, number>();
    for (const d of devs) {
      const topics = JSON.stringify(d.topics);
      for (const channel of channels) {
        const prior = q.priorOf.all(d.development_id, channel).map((r) => ({ sourceCount: r.sourceCount, topics: JSON.parse(r.topics) as string[] }));
        const decision = decideAlert(d, prior, rules);
        if (!decision) continue;
        const r = q.insertPending.run(decision.alertKey, channel, d.development_id, decision.kind, JSON.stringify(decision.alert), d.source_count, topics, now);
        if (r.changes) added.set(channel, (added.get(channel) ?? 0) + 1);
      }
    }
    return added;
  });

  const plan = sqlite.transaction((channel: string, now: number, opts: Pick<PlanInput, "limit" | "quiet">): Plan => {
    const waiting = q.waiting.all(channel);
    if (!waiting.length) return { release: [], hold: [], digest: null, wakeAt: null };
    // Without a limit the slots are never counted (planChannel), so they are not read.
    const slotsAt = opts.limit.max <= 0 ? [] : q.slots.all(channel, now - opts.limit.windowMs).map((r) => (r.status === "released" ? now : (r.sentAt ?? now)));
    const p = planChannel({ now, waiting, slotsAt, ...opts });
    for (const key of p.release) q.release.run(now, channel, key);
    for (const h of p.hold) q.hold.run(h.reason, channel, h.key);
    if (p.digest) insertDigest(channel, p.digest.keys, p.digest.reason, now);
    if (p.release.length || p.digest) dueQueues.delete(channel);
    return p;
  });

  const markSent = sqlite.transaction((alertKey: string, channel: string, now: number) => {
    q.sent.run(now, alertKey, channel);
    q.healthSent.run(channel, now);
  });

  const markFailed = sqlite.transaction((alertKey: string, channel: string, error: string, now: number, nextTryAt: number, kind: FailureKind): number => {
    q.failed.run(kind === "refused" ? 1 : 0, error, alertKey, channel);
    q.healthFailed.run(channel, nextTryAt, error, now);
    return q.health.get(channel)?.consecutiveFailures ?? 1;
  });

  const markRejected = sqlite.transaction((alertKey: string, channel: string, error: string, now: number): void => {
    q.rejected.run(error, alertKey, channel);
    q.healthRejected.run(channel, error, now);
  });

  // The operator says the receiver is fixed: its channels leave the hold (no
  // rejections in a row) and the backoff, so the re-queued rows go out now.
  const requeueRejected = sqlite.transaction((filter: { channel?: string; developmentId?: string }, now: number): DeliveryRow[] => {
    const where: SQL[] = [eq(deliveries.status, "rejected")];
    if (filter.channel) where.push(eq(deliveries.channel, filter.channel));
    if (filter.developmentId) {
      const id = filter.developmentId;
      // Its own alerts, an alert named by key, or a digest it was folded into (on that channel).
      const inDigest = sql`(${deliveries.channel}, ${deliveries.alertKey}) IN (SELECT channel, digest_key FROM deliveries WHERE development_id = ${id} AND status = 'digested')`;
      where.push(or(eq(deliveries.developmentId, id), eq(deliveries.alertKey, id), inDigest)!);
    }
    const rows = db.update(deliveries).set({ status: "released", releasedAt: now, refusals: 0 }).where(and(...where)).returning().all();
    const channels = [...new Set(rows.map((r) => r.channel))];
    if (channels.length) db.update(channelHealth).set({ consecutiveRejections: 0, nextTryAt: 0 }).where(inArray(channelHealth.channel, channels)).run();
    return rows;
  });

  /** Drops a row that left the `released` state from the head of its channel's page. */
  const retire = (alertKey: string, channel: string): void => {
    const due = dueQueues.get(channel);
    if (due?.[0]?.alertKey === alertKey) due.shift();
    else dueQueues.delete(channel);
  };

  return {
    sqlite,
    /** Decides and records the deliveries these events call for, in one transaction; returns how many rows each channel got. */
    recordEvents: (devs: readonly DevelopmentData[], channels: readonly string[], rules: AlertRules, now: number): Map<string, number> =>
      recordEvents(devs, channels, rules, now),

    /** Applies the flood-control plan for a channel at `now`; returns when to plan again (or null). */
    plan: (channel: string, now: number, opts: Pick<PlanInput, "limit"> & { quiet: PlanInput["quiet"] }): Plan => plan(channel, now, opts),

    /** The next released row to deliver on this channel, oldest first. */
    nextDue(channel: string): DeliveryRow | undefined {
      let due = dueQueues.get(channel);
      if (!due?.length) dueQueues.set(channel, (due = q.due.all(channel)));
      return due[0];
    },

    markSent(alertKey: string, channel: string, now: number): void {
      markSent(alertKey, channel, now);
      retire(alertKey, channel);
    },

    /**
     * Records a failed attempt (a refusal also counts toward the row's
     * rejection) and the channel's next try; the row stays first in its queue
     * until then. Returns the channel's consecutive failures.
     */
    markFailed: (alertKey: string, channel: string, error: string, now: number, nextTryAt: number, kind: FailureKind = "transient"): number =>
      markFailed(alertKey, channel, error, now, nextTryAt, kind),

    /** How many times the receiver refused this row. */
    refusals: (alertKey: string, channel: string): number => q.refusalsOf.get(alertKey, channel)?.refusals ?? 0,

    /** Sets a refused row aside (`rejected`, with the reason) and lets the channel go on at once. */
    markRejected(alertKey: string, channel: string, error: string, now: number): void {
      markRejected(alertKey, channel, error, now);
      retire(alertKey, channel);
    },

    /**
     * `rejected` rows back to `released` (at the end of their queue, refusals
     * forgotten), on one channel or all, for one development (its alerts and
     * the digests it was folded into) or all; returns
     * them. Released, not pending: a re-send is the same alert with the same
     * key, never folded into a digest. Their channels' hold and backoff end,
     * so a running alerter sends them on its next look at the ledger.
     */
    requeueRejected(filter: { channel?: string; developmentId?: string }, now: number): DeliveryRow[] {
      const rows = requeueRejected(filter, now);
      for (const r of rows) dueQueues.delete(r.channel);
      return rows.sort((a, b) => a.channel.localeCompare(b.channel) || a.createdAt - b.createdAt);
    },

    health: (channel: string): HealthRow | undefined => q.health.get(channel),

    /** How many rows each channel has `rejected` now (not since ever: `gw alerts retry` takes them back). */
    rejectedNow: (): Map<string, number> => new Map(q.rejectedNow.all().map((r) => [r.channel, r.n])),

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
    const rows = keys.flatMap((k) => q.row.all(channel, k));
    rows.sort((a, b) => a.createdAt - b.createdAt || a.alertKey.localeCompare(b.alertKey));
    const key = digestKey(keys);
    const digest = buildDigest(key, rows.map((r) => JSON.parse(r.payload) as Alert), reason);
    q.insertDigest.run(key, channel, key, JSON.stringify(digest), JSON.stringify(digest.topics), now, now);
    for (const k of keys) q.digested.run(key, channel, k);
  }
}
