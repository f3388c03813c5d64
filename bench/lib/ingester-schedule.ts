import Database from "better-sqlite3";
import { createFeedStore } from "../../services/ingester/src/state/feed-store.ts";
import { openStateDb } from "../../services/ingester/src/state/open-state-db.ts";

/**
 * Makes every feed due at one instant. The ingester spreads feeds that are
 * already overdue when it starts over min(poll interval, 10 s), so a thundering
 * herd never follows a restart; a benchmark of poll throughput wants the herd.
 * Feeds due in the future are not spread, so we write one future time into
 * the ingester's own state (the table it persists next_poll_at in) before it
 * starts. This is the one place the bench reaches into a service's internals.
 */
export function registerFeeds(stateDb: string, urls: readonly string[]): void {
  const store = createFeedStore(openStateDb(stateDb));
  try {
    store.syncConfigFeeds(urls.map((url) => ({ url })), Date.now());
  } finally {
    store.close();
  }
}

export function makeAllDueAt(stateDb: string, at: number): number {
  const db = new Database(stateDb);
  try {
    db.pragma("busy_timeout = 5000");
    return db.prepare("UPDATE feeds SET next_poll_at = ? WHERE active = 1").run(at).changes;
  } finally {
    db.close();
  }
}
