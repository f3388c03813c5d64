/**
 * One worker per channel drains that channel's ledger rows: plan (rate limit,
 * quiet hours, digests), deliver the oldest released row, record the outcome,
 * repeat. Rows are delivered one at a time, in order; a failure backs the whole
 * channel off (a failure is nearly always the receiver, not the alert), so a
 * down channel delays only itself. It retries forever: an alert is never given
 * up, and after `failingAfter` consecutive failures the channel is reported.
 */
import type { Logger } from "pino";
import type { AlerterConfig } from "@gw/config";
import type { Alert } from "./alert-payload.ts";
import { describeError, idempotencyKey, type Channel } from "./channels/channel.ts";
import type { Ledger } from "./ledger.ts";
import { quietState } from "./quiet-hours.ts";
import { retryDelay } from "./retry-delay.ts";

export interface DeliveryWorkerOptions {
  channel: Channel;
  ledger: Ledger;
  config: AlerterConfig;
  logger: Logger;
  signal: AbortSignal;
  now: () => number;
  random?: () => number;
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
  const nextTryAt = ledger.health(channel.id)?.nextTryAt ?? 0;
  if (nextTryAt > now) return nextTryAt - now;
  const limit = { max: config.rateLimit.max, windowMs: config.rateLimit.windowSeconds * 1000 };
  const plan = ledger.plan(channel.id, now, { limit, quiet: quietState(now, config.quietHours) });
  if (plan.digest) o.logger.info({ channel: channel.id, held: plan.digest.keys.length, reason: plan.digest.reason }, "folded held alerts into a digest");
  const untilPlan = plan.wakeAt === null ? Infinity : plan.wakeAt - now;
  const row = ledger.nextDue(channel.id);
  if (!row) return untilPlan;
  const key = idempotencyKey(row.alertKey, channel.id);
  try {
    await channel.deliver(JSON.parse(row.payload) as Alert, { idempotencyKey: key, signal: AbortSignal.timeout(config.deliveryTimeoutMs) });
  } catch (err) {
    const at = o.now();
    const error = describeError(err);
    const failures = ledger.health(channel.id)?.consecutiveFailures ?? 0;
    const delay = retryDelay(failures + 1, config.retry, o.random);
    const n = ledger.markFailed(row.alertKey, channel.id, error, at, at + delay);
    const failing = n >= config.retry.failingAfter;
    o.logger[failing ? "error" : "warn"]({ channel: channel.id, alert: row.alertKey, error, failures: n, retryInMs: delay }, failing ? "alert channel is failing" : "alert delivery failed; will retry");
    return 0;
  }
  ledger.markSent(row.alertKey, channel.id, o.now());
  o.logger.debug({ channel: channel.id, alert: row.alertKey }, "alert sent");
  o.onSent?.(row.alertKey);
  return 0;
}
