/**
 * Backoff for a failing channel: exponential (base · 2^(n-1)), capped, with
 * "equal jitter" (half fixed, half random) so that many alerters restarted
 * together do not retry in lockstep, yet a retry never comes sooner than half
 * the nominal delay.
 */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

export function retryDelay(failures: number, p: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(p.maxMs, p.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 40)));
  return Math.round(exp / 2 + random() * (exp / 2));
}
