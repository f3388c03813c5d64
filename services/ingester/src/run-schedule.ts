/**
 * The poll loop. Rules:
 * - each feed is due at its own persisted next_poll_at; at most `concurrency`
 *   polls run at once, each in its own slot, so one slow feed (bounded by its
 *   total timeout) holds one slot and never delays the others;
 * - at start, feeds already overdue (after downtime, or new) are spread over a
 *   short window instead of all firing at once (no thundering herd on restart);
 * - the feed table is re-read periodically so `gw feeds add` is picked up live;
 * - on abort, in-flight HTTP is cancelled (nothing was published for it, so
 *   nothing is lost) and polls already publishing finish before this resolves.
 */
import type { FeedRow, FeedStore } from "./state/feed-store.ts";
import type { PollOutcome } from "./poll-feed.ts";
import { DueQueue } from "./due-queue.ts";

export interface ScheduleOptions {
  store: FeedStore;
  concurrency: number;
  poll(feed: FeedRow, signal: AbortSignal): Promise<PollOutcome>;
  signal: AbortSignal;
  /** Window over which overdue feeds are spread at start. */
  startSpreadMs: number;
  reloadEveryMs?: number;
  now?: () => number;
  random?: () => number;
  onError?: (feed: FeedRow, err: unknown) => void;
}

export async function runSchedule(o: ScheduleOptions): Promise<void> {
  const now = o.now ?? Date.now;
  const random = o.random ?? Math.random;
  const reloadEvery = o.reloadEveryMs ?? 15_000;
  const due = new DueQueue();
  const inFlight = new Map<string, Promise<void>>();
  // Each poll gets its own controller, aborted from the one listener below: handing
  // o.signal to every poll put `concurrency` abort listeners on it
  // (MaxListenersExceededWarning past 10).
  const controllers = new Set<AbortController>();
  let rows = new Map<string, FeedRow>();
  let wake: () => void = () => {};
  const load = (spread: boolean) => {
    const t = now();
    rows = new Map(o.store.activeFeeds().map((f) => [f.url, f]));
    for (const url of due.urls()) if (!rows.has(url)) due.delete(url);
    for (const [url, f] of rows) {
      if (inFlight.has(url) || (due.has(url) && !spread)) continue;
      due.set(url, spread && f.nextPollAt <= t ? t + Math.floor(random() * o.startSpreadMs) : f.nextPollAt);
    }
  };
  load(true);
  let nextReload = now() + reloadEvery;
  const onAbort = () => {
    for (const c of controllers) c.abort(o.signal.reason);
    wake();
  };
  o.signal.addEventListener("abort", onAbort, { once: true });

  const start = (url: string) => {
    const feed = rows.get(url) ?? o.store.getFeed(url);
    if (!feed) return;
    const ac = new AbortController();
    controllers.add(ac);
    const p = o
      .poll(feed, ac.signal)
      .then((r) => {
        if (r.status === "aborted") return;
        // Refresh the row (validators, failures) for the next poll; the URL may have moved.
        const fresh = o.store.getFeed(r.url);
        if (fresh) rows.set(r.url, fresh);
        due.set(r.url, r.nextPollAt);
      })
      .catch((err: unknown) => {
        o.onError?.(feed, err);
        due.set(url, now() + 60_000); // a bug in one poll must not stop the loop or spin on the feed
      })
      .finally(() => {
        controllers.delete(ac);
        inFlight.delete(url);
        wake();
      });
    inFlight.set(url, p);
  };

  while (!o.signal.aborted) {
    const t = now();
    if (t >= nextReload) {
      load(false);
      nextReload = t + reloadEvery;
    }
    while (inFlight.size < o.concurrency) {
      const url = due.popDue(t);
      if (url === undefined) break;
      if (!inFlight.has(url)) start(url);
    }
    // When every slot is busy only a completion (or a reload) can change anything.
    const earliest = inFlight.size < o.concurrency ? Math.min(due.peekTime() ?? nextReload, nextReload) : nextReload;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const timer = setTimeout(() => wake(), Math.max(0, Math.min(earliest - now(), 60_000)));
    await woken;
    clearTimeout(timer);
  }
  o.signal.removeEventListener("abort", onAbort);
  await Promise.all(inFlight.values());
}
