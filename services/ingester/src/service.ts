/**
 * `gw run ingester`: the only file that wires the ingester's I/O (config,
 * SQLite state, NATS, HTTP). Syncs the configured feed list into the state db,
 * then polls on schedule until ctx.signal aborts, finishes what is publishing,
 * and closes the state db (not the bus: the shell owns it).
 */
import { ensureStreams, publishEvents, type ServiceRunner } from "@gw/bus";
import { pollFeed, type PollDeps } from "./poll-feed.ts";
import { readFeedList } from "./read-feed-list.ts";
import { runSchedule } from "./run-schedule.ts";
import { createFeedStore } from "./state/feed-store.ts";
import { openStateDb, stateDbPath } from "./state/open-state-db.ts";

/** Articles no feed has listed for this long are forgotten (a re-appearance re-publishes the same ids). */
const FORGET_AFTER_MS = 90 * 86_400_000;

export const runIngester: ServiceRunner = async (ctx) => {
  const { config, logger, bus, signal } = ctx;
  const now = () => (ctx.now ? ctx.now().getTime() : Date.now());
  const path = stateDbPath(config);
  const list = readFeedList(config.feeds);
  const store = createFeedStore(openStateDb(path));
  try {
    const added = store.syncConfigFeeds(list, now());
    const pruned = store.pruneSeen(now() - FORGET_AFTER_MS);
    logger.info({ stateDb: path, feeds: store.activeFeeds().length, added, pruned }, "ingester starting");
    await ensureStreams(bus.jsm, { replicas: config.stream.replicas, pollHistoryDays: config.stream.pollHistoryDays });
    const ing = config.ingester;
    const intervalMs = config.pollIntervalSeconds * 1000;
    const deps: PollDeps = {
      store,
      publish: (items) => publishEvents(bus.js, items),
      fetchOptions: {
        bodyCapBytes: ing.bodyCapBytes,
        connectTimeoutMs: ing.connectTimeoutMs,
        totalTimeoutMs: ing.totalTimeoutMs,
        ...(ing.userAgent ? { userAgent: ing.userAgent } : {}),
        now,
      },
      intervalMs,
      maxBackoffMs: ing.maxBackoffSeconds * 1000,
      jitter: ing.jitter,
      logger,
      now,
    };
    await runSchedule({
      store,
      concurrency: ing.concurrency,
      signal,
      now,
      startSpreadMs: Math.min(intervalMs, 10_000),
      poll: async (feed, s) => {
        const r = await pollFeed(feed, deps, s);
        if (r.newItems || r.revisedItems) logger.info({ feed: r.url, new: r.newItems, revised: r.revisedItems }, "published articles");
        return r;
      },
      onError: (feed, err) => logger.error({ feed: feed.url, err }, "poll crashed (bug); feed retried in a minute"),
    });
    logger.info("ingester stopped");
  } finally {
    store.close();
  }
};

