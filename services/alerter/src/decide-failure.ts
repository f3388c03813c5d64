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
 *   between them is refusing everything (a deleted hook answering 404, a bad
 *   token behind a 400): its refusals then count as the channel being down, so
 *   the rest of its queue waits for it instead of all being rejected.
 */
import { retryDelay, type RetryPolicy } from "./retry-delay.ts";
import type { FailureKind } from "./channels/classify-failure.ts";

export const REJECT_AFTER = 3;
export const MAX_REJECTIONS_IN_A_ROW = 3;
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
  const down = { action: "retry" as const, delayMs: retryDelay(s.failures + 1, policy, random) };
  if (s.kind === "transient") return { ...down, why: "down" };
  if (s.rejectionsInARow >= MAX_REJECTIONS_IN_A_ROW) return { ...down, why: "refuses-everything" };
  if (s.refusals + 1 >= REJECT_AFTER) return { action: "reject" };
  const refusalPolicy = { baseMs: Math.min(policy.maxMs, REFUSAL_BASE_MS), maxMs: policy.maxMs };
  return { action: "retry", why: "refused", delayMs: retryDelay(s.refusals + 1, refusalPolicy, random) };
}
