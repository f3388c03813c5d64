import type { JetStreamClient } from "nats";
import type { Logger } from "pino";
import type { Db } from "./open-read-model.ts";

export interface OutboxRelay {
  /** Asks for a relay run soon (after a commit); runs never overlap. */
  kick(): void;
  /** Relays everything pending now; resolves when done (or failed, logged). */
  flush(): Promise<void>;
  readonly relayed: number;
  readonly failures: number;
}

/**
 * Publishes pending outbox rows in id order, pipelined, with msgID = event
 * id, then marks them sent. A crash between the publish and the mark only
 * re-publishes the same ids, which JetStream drops inside its duplicate
 * window and consumers recognise by id after it: the alerter never misses
 * a development event and never sees one that was not committed.
 */
export function createOutboxRelay(db: Db, js: JetStreamClient, logger: Logger, opts: { batch?: number; now?: () => Date } = {}): OutboxRelay {
  const pending = db.prepare<[number], { id: number; event_id: string; subject: string; payload: string }>(
    "SELECT id, event_id, subject, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?",
  );
  const markSent = db.prepare<[string, number, number]>("UPDATE outbox SET sent_at = ? WHERE sent_at IS NULL AND id BETWEEN ? AND ?");
  const now = opts.now ?? (() => new Date());
  const batch = opts.batch ?? 200;
  const enc = new TextEncoder();
  let running: Promise<void> | undefined;
  let again = false;
  const state = { relayed: 0, failures: 0 };

  async function relayAll(): Promise<void> {
    for (;;) {
      const rows = pending.all(batch);
      if (rows.length === 0) return;
      await Promise.all(rows.map((r) => js.publish(r.subject, enc.encode(r.payload), { msgID: r.event_id })));
      markSent.run(now().toISOString(), rows[0]!.id, rows.at(-1)!.id);
      state.relayed += rows.length;
    }
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await relayAll();
        } catch (err) {
          state.failures++;
          logger.warn({ err }, "outbox relay failed; will retry");
          return;
        }
      } while (again);
    })().finally(() => (running = undefined));
    return running;
  }

  return {
    kick: () => void run(),
    flush: async () => {
      if (running) await running;
      await run();
    },
    get relayed() {
      return state.relayed;
    },
    get failures() {
      return state.failures;
    },
  };
}
