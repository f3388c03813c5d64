/**
 * What a channel's worker does after a failed delivery, as a pure function.
 * Rules:
 *
 * - A transient failure (the channel is down or busy) backs the channel off,
 *   exponentially, and the same alert is tried again, forever: its queue waits,
 *   in order, and nothing is lost however long the outage.
 * - A refusal (the receiver answered and refused this payload) is tried again
 *   `REJECT_AFTER` times in all, a minute or two apart (the receiver may be
 *   mid-deploy), then the alert is `reject`ed: set aside in the ledger, shown by
 *   `gw alerts list`, re-sent by `gw alerts retry`, and the channel moves on.
 *   One payload the receiver dislikes must not silence the channel.
 * - A receiver that refused `MAX_REJECTIONS_IN_A_ROW` alerts with no send
 *   between them is taken to refuse everything (a bad token behind a 400): the
 *   rest of its queue waits for it instead of all being rejected in minutes,
 *   until a send or `gw alerts retry` (the operator fixed it) ends the hold.
 *   The head alert is still refused, so it still counts: it is rejected after
 *   `HOLD_REJECT_AFTER` refusals, the same widening waits apart (about an hour
 *   at the default 5-minute `retry.maxMs`). A receiver that refuses everything
 *   thus loses about one alert an hour to `rejected`, not its whole queue; and
 *   a run of payloads it really refuses (four 413s in a row) cannot stall the
 *   channel forever.
 */
import { retryDelay, type RetryPolicy } from "./retry-delay.ts";
import type { FailureKind } from "./channels/classify-failure.ts";

export const REJECT_AFTER = 3;
export const MAX_REJECTIONS_IN_A_ROW = 3;
/** Refusals of the head alert while the channel is held: 60+120+240+16·300 s ≈ 87 min nominal, 44–87 min with jitter. */
export const HOLD_REJECT_AFTER = 20;
/** First wait after a refusal (then doubled), capped by the policy's `maxMs`: "a few minutes" in all by default. */
export const REFUSAL_BASE_MS = 60_000;

export interface FailureState {
  kind: FailureKind;
  /** Refusals of this alert on this channel before this one. */
  refusals: number;
  /** The channel's consecutive failed attempts before this one. */
  failures: number;
  /** Alerts this channel rejected since its last send. */
  rejectionsInARow: number;
}

export type FailureDecision =
  | { action: "retry"; why: "down" | "refused" | "refuses-everything"; delayMs: number }
  | { action: "reject" };

export function decideFailure(s: FailureState, policy: RetryPolicy, random: () => number = Math.random): FailureDecision {
  if (s.kind === "transient") return { action: "retry", why: "down", delayMs: retryDelay(s.failures + 1, policy, random) };
  const holding = s.rejectionsInARow >= MAX_REJECTIONS_IN_A_ROW;
  if (s.refusals + 1 >= (holding ? HOLD_REJECT_AFTER : REJECT_AFTER)) return { action: "reject" };
  const refusalPolicy = { baseMs: Math.min(policy.maxMs, REFUSAL_BASE_MS), maxMs: policy.maxMs };
  return { action: "retry", why: holding ? "refuses-everything" : "refused", delayMs: retryDelay(s.refusals + 1, refusalPolicy, random) };
}
