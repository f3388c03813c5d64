/**
 * Flood control for one channel, as a pure function of the ledger state and
 * the time. Rules:
 *
 * - A channel sends at most `max` alerts per sliding window of `windowMs`
 *   (a digest counts as one). A slot is counted at the send; an alert released
 *   but not sent yet (the channel is down) holds its slot until it is sent, so
 *   a channel that recovers does not flush a backlog in one burst.
 *   `max` 0 means no limit.
 * - In quiet hours nothing is released: everything waiting is held. (Rows
 *   released before, or re-queued by `gw alerts retry`, still go out.)
 * - Held alerts are never dropped: when a slot is free they go out together as
 *   ONE digest (a lone held alert goes out as itself).
 * - Pending alerts take the remaining slots, oldest first; the rest are held
 *   (they will be in the next digest).
 * - `wakeAt` says when to plan again because something held can go out.
 */
import type { QuietState } from "./quiet-hours.ts";

export type HoldReason = "rate-limit" | "quiet-hours";

export interface WaitingRow {
  key: string;
  status: "pending" | "held";
  holdReason?: HoldReason | null;
  createdAt: number;
}

export interface PlanInput {
  now: number;
  /** The channel's pending and held rows. */
  waiting: readonly WaitingRow[];
  /** When each slot was taken: a sent alert's send time, `now` for one released and not sent yet. */
  slotsAt: readonly number[];
  limit: { max: number; windowMs: number };
  quiet: QuietState;
}

export interface Plan {
  release: string[];
  hold: Array<{ key: string; reason: HoldReason }>;
  digest: { keys: string[]; reason: HoldReason } | null;
  wakeAt: number | null;
}

const byAge = (a: WaitingRow, b: WaitingRow) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function planChannel(i: PlanInput): Plan {
  const pending = i.waiting.filter((r) => r.status === "pending").sort(byAge);
  const held = i.waiting.filter((r) => r.status === "held").sort(byAge);
  if (i.quiet.quiet) {
    return {
      release: [],
      hold: pending.map((r) => ({ key: r.key, reason: "quiet-hours" as const })),
      digest: null,
      wakeAt: pending.length || held.length ? i.quiet.endsAt : null,
    };
  }
  const unlimited = i.limit.max <= 0;
  const recent = i.slotsAt.filter((t) => t > i.now - i.limit.windowMs);
  let free = unlimited ? Infinity : Math.max(0, i.limit.max - recent.length);
  const plan: Plan = { release: [], hold: [], digest: null, wakeAt: null };
  const heldMustWait = held.length > 0 && free === 0;
  if (held.length && free > 0) {
    free -= 1;
    if (held.length === 1) plan.release.push(held[0]!.key);
    else plan.digest = { keys: held.map((r) => r.key), reason: held.some((r) => r.holdReason === "quiet-hours") ? "quiet-hours" : "rate-limit" };
  }
  for (const r of pending) {
    if (free > 0) {
      free -= 1;
      plan.release.push(r.key);
    } else plan.hold.push({ key: r.key, reason: "rate-limit" });
  }
  if ((plan.hold.length || heldMustWait) && !unlimited) {
    const sends = plan.release.length + (plan.digest ? 1 : 0);
    const times = [...recent, ...Array<number>(sends).fill(i.now)].sort((a, b) => a - b);
    // The oldest send in the window leaves it first; then a slot is free.
    plan.wakeAt = (times[0] ?? i.now) + i.limit.windowMs;
  }
  return plan;
}
