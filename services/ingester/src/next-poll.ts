/**
 * When to poll a feed next (pure). Rules:
 * - success: the feed's interval, with ±jitter so feeds added together drift apart;
 * - failure n (1-based): interval × 2^(n-1), capped at maxBackoff, jittered; a
 *   feed is never disabled, it just waits up to the cap;
 * - a server's Retry-After (429/503) or Cache-Control max-age is a floor
 *   (RFC 9110 §10.2.3, RFC 9111 §5.2.2.1), itself capped at maxBackoff so a
 *   hostile header cannot park a feed for a year.
 */

export interface NextPollInput {
  now: number;
  intervalMs: number;
  maxBackoffMs: number;
  jitter: number;
  consecutiveFailures: number;
  floorMs?: number | undefined;
  /** A number in [0, 1); injected so tests are exact. */
  random: number;
}

export function nextPollAt(i: NextPollInput): number {
  const base =
    i.consecutiveFailures > 0 ? Math.min(i.maxBackoffMs, i.intervalMs * 2 ** Math.min(i.consecutiveFailures - 1, 30)) : i.intervalMs;
  const jittered = base * (1 + i.jitter * (2 * i.random - 1));
  const floor = Math.min(i.floorMs ?? 0, Math.max(i.maxBackoffMs, i.intervalMs));
  return i.now + Math.round(Math.max(jittered, floor, 1000));
}

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); ms from now, or undefined. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Cache-Control max-age in ms (no-store/no-cache give none). */
export function parseMaxAge(value: string | null): number | undefined {
  const m = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value ?? "");
  return m ? Number(m[1]) * 1000 : undefined;
}
