import type { ReadItem } from "@gw/bus";
import type { ArticleClassified } from "@gw/events";
import { applyClassification, type ApplyContext } from "./apply-event.ts";
import type { Db } from "./open-read-model.ts";
import { DevelopmentSummaries } from "./development-summaries.ts";
import { SqliteGroupingStore } from "./sqlite-grouping-store.ts";
import { prepareStatements } from "./statements.ts";

export interface ProjectionOptions {
  windowHours: number;
  /** Rebuild: events at or below this seq were relayed by the old file; their outbox rows are written as sent. */
  outboxSentUpTo?: number;
  /** Relevant articles kept in memory for re-walks (default 4,096: the live service's RSS budget; a rebuild affords more). */
  windowMaxArticles?: number;
}

export interface BatchResult {
  /** Events whose effects were written. */
  applied: number;
  /** At or below the stored position: already applied, skipped. */
  duplicates: number;
  /** Invalid (dead-lettered by the caller) or of a type not handled here: only the position moves. */
  setAside: number;
  outboxAdded: number;
  position: number;
}

export interface Projection {
  position(): { seq: number; lastEventTime: string | null; eventsApplied: number };
  /** Applies a micro-batch in ONE transaction, with the new position. */
  applyBatch(items: readonly ReadItem<ArticleClassified>[]): BatchResult;
  /** Drops in-memory caches (after a failed transaction they may be ahead of the file). */
  reset(): void;
}

/**
 * Exactly-once projection: the stream position lives in the same SQLite
 * transaction as the rows it produced, so a crash either keeps both or
 * neither, and anything at or below the position is skipped on replay.
 */
export function createProjection(db: Db, opts: ProjectionOptions): Projection {
  const st = prepareStatements(db);
  st.initPosition.run();
  const windowMs = opts.windowHours * 3600_000;
  const store = new SqliteGroupingStore(st, windowMs, opts.windowMaxArticles);
  const summaries = new DevelopmentSummaries(st);
  let newest = 0;
  const versions = new Map<string, number>();
  const run = db.transaction((items: readonly ReadItem<ArticleClassified>[]): BatchResult => {
    const start = st.position.get()!.seq;
    const cx: ApplyContext = { st, store, summaries, windowMs, outboxSentUpTo: opts.outboxSentUpTo ?? 0, outboxAdded: 0, versions };
    const r: BatchResult = { applied: 0, duplicates: 0, setAside: 0, outboxAdded: 0, position: start };
    let lastTime: string | null = null;
    for (const item of items) {
      if (item.seq <= r.position) {
        r.duplicates++;
        continue;
      }
      if (item.ok) {
        if (applyClassification(cx, item.event, item.seq)) r.applied++;
        lastTime = item.event.time;
        newest = Math.max(newest, Date.parse(item.event.data.article.discovered_at));
      } else r.setAside++;
      r.position = item.seq;
    }
    summaries.flush();
    if (r.position !== start) st.setPosition.run(r.position, lastTime, r.applied);
    r.outboxAdded = cx.outboxAdded;
    return r;
  });
  return {
    position() {
      const p = st.position.get()!;
      return { seq: p.seq, lastEventTime: p.last_event_time, eventsApplied: p.events_applied };
    },
    applyBatch(items) {
      try {
        const r = run(items);
        if (newest) store.settle(newest);
        return r;
      } catch (err) {
        this.reset();
        throw err;
      }
    },
    reset() {
      store.reset();
      summaries.reset();
      versions.clear();
    },
  };
}
