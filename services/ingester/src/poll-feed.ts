/**
 * One poll of one feed, end to end: fetch → decode → parse → diff → publish →
 * record. The order is what makes "nothing lost, nothing doubled" hold:
 * - article events are published (pipelined) and only after the server acks
 *   them are they recorded as seen, together with the new ETag, in one SQLite
 *   transaction; a crash in between re-publishes the same deterministic ids;
 * - when publishing fails nothing is recorded (not even the validators, or the
 *   next 304 would hide the items), and the feed is retried soon;
 * - a poll result event (gw-polls.feed, stream GW_POLLS) follows, best effort: it is history.
 * Errors of the feed (HTTP, parse) are values that mark the feed failing with
 * a readable reason and back it off; this function throws only on a bug.
 */
import { SUBJECTS, articleDiscoveredEvent, articleRevisedEvent, feedPolledEvent, type ArticleSnapshot } from "@gw/events";
import type { Publishable } from "@gw/bus";
import type { Logger } from "pino";
import { decodeBody } from "./decode-body.ts";
import { diffItems, type ItemChange } from "./diff-items.ts";
import { fetchFeed, type FetchFeedOptions, type FetchResult } from "./fetch-feed.ts";
import { nextPollAt } from "./next-poll.ts";
import { parseFeed } from "./parse-feed.ts";
import type { FeedRow, FeedStore, FeedUpdate } from "./state/feed-store.ts";

export interface PollDeps {
  store: FeedStore;
  /** Publishes and resolves once the server acked every event (publishEvents). */
  publish(items: Publishable[]): Promise<unknown>;
  fetchOptions: Omit<FetchFeedOptions, "signal">;
  intervalMs: number;
  maxBackoffMs: number;
  jitter: number;
  logger: Logger;
  now?: () => number;
  random?: () => number;
}

export interface PollOutcome {
  url: string;
  status: "ok" | "not-modified" | "error" | "aborted";
  nextPollAt: number;
  newItems: number;
  revisedItems: number;
}

/** A bus outage is not the feed's fault: retry soon, without counting a failure. */
const PUBLISH_RETRY_MS = 30_000;

function snapshot(c: ItemChange, feed: FeedRow, source: string, lang: string | undefined, discoveredAt: string): ArticleSnapshot {
  const it = c.item;
  const itemLang = it.lang ?? lang;
  return {
    article_id: c.articleId, feed_url: feed.url, source, url: it.link ?? "", title: it.title, summary: it.summary,
    ...(it.content !== undefined ? { content: it.content } : {}),
    ...(itemLang ? { lang: itemLang } : {}),
    ...(it.guid !== undefined ? { guid: it.guid } : {}),
    published_at: it.publishedAt, discovered_at: discoveredAt, content_hash: c.contentHash,
  };
}

function toEvent(c: ItemChange, snap: ArticleSnapshot, time: string): Publishable {
  return c.kind === "new"
    ? { subject: SUBJECTS.articleDiscovered, event: articleDiscoveredEvent(snap, time) }
    : { subject: SUBJECTS.articleRevised, event: articleRevisedEvent({ ...snap, revision: c.revision, previous_hash: c.previousHash ?? "" }, time) };
}

export async function pollFeed(feed: FeedRow, deps: PollDeps, signal?: AbortSignal): Promise<PollOutcome> {
  const now = deps.now ?? Date.now;
  const started = now();
  const res = await fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, { ...deps.fetchOptions, ...(signal ? { signal } : {}) });
  if (signal?.aborted) return { url: feed.url, status: "aborted", nextPollAt: feed.nextPollAt, newItems: 0, revisedItems: 0 };
  if (res.movedTo) {
    deps.logger.info({ feed: feed.url, movedTo: res.movedTo }, "feed moved permanently; following it");
    deps.store.moveFeed(feed.url, res.movedTo);
    feed = { ...feed, url: res.movedTo };
  }
  const schedule = (failures: number, floorMs?: number) =>
    nextPollAt({ now: now(), intervalMs: deps.intervalMs, maxBackoffMs: deps.maxBackoffMs, jitter: deps.jitter, consecutiveFailures: failures, floorMs, random: (deps.random ?? Math.random)() });

  let outcome: PollOutcome;
  if (res.status === "ok") {
    outcome = await pollBody(feed, res, deps, schedule, started);
  } else if (res.status === "not-modified") {
    const next = schedule(0, res.floorMs);
    deps.store.updateFeed(feed.url, {
      lastStatus: "not-modified", lastHttpStatus: 304, lastError: null, consecutiveFailures: 0, lastPolledAt: started, lastSuccessAt: started, nextPollAt: next,
      ...(res.validators.etag ? { etag: res.validators.etag } : {}), ...(res.validators.lastModified ? { lastModified: res.validators.lastModified } : {}),
    });
    outcome = { url: feed.url, status: "not-modified", nextPollAt: next, newItems: 0, revisedItems: 0 };
  } else {
    outcome = recordFailure(feed, res.error, res.httpStatus, res.floorMs, deps, schedule, started);
  }
  await publishPolled(feed, res, outcome, deps, now() - started);
  return outcome;
}

type Schedule = (failures: number, floorMs?: number) => number;

function recordFailure(feed: FeedRow, error: string, httpStatus: number | undefined, floorMs: number | undefined, deps: PollDeps, schedule: Schedule, started: number): PollOutcome {
  const failures = feed.consecutiveFailures + 1;
  const next = schedule(failures, floorMs);
  deps.store.updateFeed(feed.url, { lastStatus: "error", lastError: error, lastHttpStatus: httpStatus ?? null, consecutiveFailures: failures, lastPolledAt: started, nextPollAt: next });
  deps.logger.warn({ feed: feed.url, error, failures, nextPollAt: new Date(next).toISOString() }, "feed poll failed");
  return { url: feed.url, status: "error", nextPollAt: next, newItems: 0, revisedItems: 0 };
}

async function pollBody(feed: FeedRow, res: Extract<FetchResult, { status: "ok" }>, deps: PollDeps, schedule: Schedule, started: number): Promise<PollOutcome> {
  const parsed = await parseFeed(decodeBody(res.body, res.contentType).text, res.finalUrl);
  if (!parsed.ok) return recordFailure(feed, parsed.error, res.httpStatus, undefined, deps, schedule, started);
  const { feed: doc } = parsed;
  const diff = diffItems(doc.items, feed.idScope, deps.store);
  const source = doc.title || feed.title || new URL(feed.url).hostname;
  const time = new Date(started).toISOString();
  const events = diff.changes.map((c) => toEvent(c, snapshot(c, feed, source, doc.lang, time), time));
  if (events.length) {
    try {
      await deps.publish(events);
    } catch (err) {
      const error = `event bus: publish failed (${(err as Error).message}); will retry`;
      deps.store.updateFeed(feed.url, { lastStatus: "error", lastError: error, lastPolledAt: started, nextPollAt: started + Math.min(deps.intervalMs, PUBLISH_RETRY_MS) });
      deps.logger.error({ feed: feed.url, err }, "publish failed; feed state left unchanged");
      return { url: feed.url, status: "error", nextPollAt: started + Math.min(deps.intervalMs, PUBLISH_RETRY_MS), newItems: 0, revisedItems: 0 };
    }
  }
  const next = schedule(0, res.floorMs);
  const patch: FeedUpdate = {
    title: doc.title || feed.title, siteUrl: doc.siteUrl, lang: doc.lang ?? null, etag: res.validators.etag, lastModified: res.validators.lastModified,
    lastStatus: "ok", lastHttpStatus: res.httpStatus, lastError: null, consecutiveFailures: 0, lastPolledAt: started, lastSuccessAt: started,
    itemCount: diff.listed.length, nextPollAt: next,
  };
  const published = diff.changes.map((c) => ({ articleId: c.articleId, contentHash: c.contentHash, revision: c.revision }));
  deps.store.recordPoll(feed.url, patch, published, diff.listed, started);
  const revised = diff.changes.filter((c) => c.kind === "revised").length;
  return { url: feed.url, status: "ok", nextPollAt: next, newItems: diff.changes.length - revised, revisedItems: revised };
}

async function publishPolled(feed: FeedRow, res: FetchResult, o: PollOutcome, deps: PollDeps, durationMs: number): Promise<void> {
  if (o.status === "aborted") return;
  const row = deps.store.getFeed(feed.url);
  const data = {
    feed_url: feed.url, status: o.status, ...(res.httpStatus !== undefined ? { http_status: res.httpStatus } : {}),
    ...(o.status === "error" && row?.lastError ? { error: row.lastError } : {}),
    items: row?.itemCount ?? 0, new_items: o.newItems, revised_items: o.revisedItems, duration_ms: Math.max(0, durationMs),
    next_poll_at: new Date(o.nextPollAt).toISOString(), ...(res.movedTo ? { moved_to: res.movedTo } : {}),
  };
  try {
    await deps.publish([{ subject: SUBJECTS.feedPolled, event: feedPolledEvent(data, new Date((deps.now ?? Date.now)()).toISOString()) }]);
  } catch (err) {
    deps.logger.warn({ feed: feed.url, err }, "could not publish the poll result (history only; nothing lost)");
  }
}
