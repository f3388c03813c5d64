import { getEventListeners } from "node:events";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "@gw/testkit";
import { runSchedule } from "./run-schedule.ts";
import { createFeedStore } from "./state/feed-store.ts";
import { openStateDb } from "./state/open-state-db.ts";

describe("runSchedule (real SQLite state)", () => {
  const dirs: Array<{ remove(): void }> = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
  });

  it.each([1, 11, 64])("with %i polls in flight the stop signal carries one abort listener, and every poll is aborted on stop", async (concurrency) => {
    const dir = tempDir("gw-schedule-");
    dirs.push(dir);
    const store = createFeedStore(openStateDb(join(dir.path, "ingester.db")));
    store.syncConfigFeeds(Array.from({ length: concurrency }, (_, i) => ({ url: `http://feeds.example/${i}.xml` })), 0);
    const stop = new AbortController();
    const listeners: number[] = [];
    let started = 0;
    let aborted = 0;
    let allStarted: () => void = () => {};
    const ready = new Promise<void>((r) => (allStarted = r));
    const done = runSchedule({
      store,
      concurrency,
      signal: stop.signal,
      startSpreadMs: 0,
      now: () => 1000,
      poll: (feed, signal) =>
        new Promise((resolve) => {
          listeners.push(getEventListeners(stop.signal, "abort").length);
          signal.addEventListener("abort", () => {
            aborted++;
            resolve({ url: feed.url, status: "aborted", nextPollAt: 0, newItems: 0, revisedItems: 0 });
          });
          if (++started === concurrency) allStarted();
        }),
    });
    await ready;
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(1);
    stop.abort();
    await done;
    store.close();
    expect(aborted).toBe(concurrency);
    expect(Math.max(...listeners)).toBe(1);
  });
});
