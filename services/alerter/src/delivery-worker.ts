/**
 * One worker per channel drains that channel's ledger rows: plan (rate limit,
 * quiet hours, digests), deliver the oldest released row, record the outcome,
 * repeat. Rows are delivered one at a time, in order; a failure backs the whole
 * channel off, so a down channel delays only itself. A down channel is retried
 * forever, and after `failingAfter` consecutive failures it is reported. A
 * payload the receiver refuses is retried a few times, then set aside as
 * `rejected` so the alerts behind it go out (decide-failure.ts has the rules).
 * An idle or backing-off worker looks at the ledger every `idlePollMs`, which
 * is how rows re-queued by `gw alerts retry` (another process) are found.
 */
import type { Logger } from "pino";
import type { AlerterConfig } from "@gw/config";
import type { Alert } from "./alert-payload.ts";
import { describeError, idempotencyKey, type Channel } from "./channels/channel.ts";
import { classifyFailure } from "./channels/classify-failure.ts";
import { decideFailure } from "./decide-failure.ts";
import type { Ledger } from "./ledger.ts";
import { quietState } from "./quiet-hours.ts";
import type { DeliveryRow } from "./ledger-statements.ts";

export interface DeliveryWorkerOptions {
  channel: Channel;
  ledger: Ledger;
  config: AlerterConfig;
  logger: Logger;
  signal: AbortSignal;
  now: () => number;
  random?: () => number;
  /** How often an idle or backing-off worker looks for rows re-queued by another process (default 5 s). */
  idlePollMs?: number;
  /** Called after each sent alert (tests, benchmarks). */
  onSent?: (alertKey: string) => void;
}

export interface DeliveryWorker {
  wake(): void;
  done: Promise<void>;
}

export function startDeliveryWorker(o: DeliveryWorkerOptions): DeliveryWorker {
  let wakeUp: (() => void) | undefined;
  let woken = false;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  o.signal.addEventListener("abort", wake, { once: true });
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || o.signal.aborted) return resolve();
      const t = setTimeout(done, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
      function done() {
        clearTimeout(t);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  const done = (async () => {
    while (!o.signal.aborted) {
      woken = false;
      const wait = await step(o).catch((err: unknown) => {
        // A ledger error (disk full): log and try again later rather than die.
        o.logger.error({ err, channel: o.channel.id }, "delivery worker step failed");
        return 1000;
      });
      if (wait > 0) await sleep(wait);
    }
  })();
  return { wake, done };
}

/** One round; returns how long to sleep (0: go again at once). */
async function step(o: DeliveryWorkerOptions): Promise<number> {
  const { channel, ledger, config } = o;
  const now = o.now();
  // While backing off, release nothing: slots taken now would all be spent in one burst on recovery.
  // Look again every idlePollMs all the same: `gw alerts retry` ends the backoff from another process.
  const idle = o.idlePollMs ?? 5000;
  const nextTryAt = ledger.health(channel.id)?.nextTryAt ?? 0;
  if (nextTryAt > now) return Math.min(nextTryAt - now, idle);
  const limit = { max: config.rateLimit.max, windowMs: config.rateLimit.windowSeconds * 1000 };
  const plan = ledger.plan(channel.id, now, { limit, quiet: quietState(now, config.quietHours) });
  if (plan.digest) o.logger.info({ channel: channel.id, held: plan.digest.keys.length, reason: plan.digest.reason }, "folded held alerts into a digest");
  const untilPlan = plan.wakeAt === null ? Infinity : plan.wakeAt - now;
  const row = ledger.nextDue(channel.id);
  if (!row) return Math.min(untilPlan, idle);
  const key = idempotencyKey(row.alertKey, channel.id);
  try {
    await channel.deliver(JSON.parse(row.payload) as Alert, { idempotencyKey: key, signal: AbortSignal.timeout(config.deliveryTimeoutMs) });
  } catch (err) {
    recordFailure(o, row, err);
    return 0;
  }
  ledger.markSent(row.alertKey, channel.id, o.now());
  o.logger.debug({ channel: channel.id, alert: row.alertKey }, "alert sent");
  o.onSent?.(row.alertKey);
  return 0;
}

function recordFailure(o: DeliveryWorkerOptions, row: DeliveryRow, err: unknown): void {
  const { channel, ledger, config } = o;
  const at = o.now();
  const error = describeError(err);
  const health = ledger.health(channel.id);
  const kind = classifyFailure(err);
  const refusals = kind === "refused" ? ledger.refusals(row.alertKey, channel.id) : 0;
  const d = decideFailure({ kind, refusals, failures: health?.consecutiveFailures ?? 0, rejectionsInARow: health?.consecutiveRejections ?? 0 }, config.retry, o.random);
  const log = { channel: channel.id, alert: row.alertKey, development: row.developmentId, error };
  if (d.action === "reject") {
    ledger.markRejected(row.alertKey, channel.id, error, at);
    o.logger.error({ ...log, attempts: refusals + 1 }, "receiver refused this alert; set aside as rejected, channel moves on (`gw alerts retry` re-sends it)");
    return;
  }
  // A refusal counts toward this alert's rejection even while the channel is held, so the hold ends (decide-failure.ts).
  const n = ledger.markFailed(row.alertKey, channel.id, error, at, at + d.delayMs, kind);
  if (d.why === "refused") {
    o.logger.warn({ ...log, refusals: refusals + 1, retryInMs: d.delayMs }, "receiver refused this alert; will retry before setting it aside");
    return;
  }
  if (d.why === "refuses-everything") {
    o.logger.error({ ...log, refusals: refusals + 1, retryInMs: d.delayMs }, "receiver refuses every alert; holding the channel's queue");
    return;
  }
  const failing = n >= config.retry.failingAfter;
  o.logger[failing ? "error" : "warn"]({ ...log, failures: n, retryInMs: d.delayMs }, failing ? "alert channel is failing" : "alert delivery failed; will retry");
}
