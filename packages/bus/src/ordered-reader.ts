import { DeliverPolicy, type JetStreamClient, type JsMsg } from "nats";
import type { z } from "zod";
import { STREAM } from "@gw/events";
import { decodeEvent } from "./decode.ts";
import { microBatches } from "./micro-batches.ts";

export type ReadItem<T> =
  | { ok: true; event: T; seq: number; subject: string }
  | { ok: false; reason: string; skip?: boolean; seq: number; subject: string; data: Uint8Array };

export interface OrderedReadOptions<T> {
  js: JetStreamClient;
  filterSubject: string;
  schema: z.ZodType<T>;
  acceptTypes?: ReadonlySet<string>;
  /** First stream sequence to deliver (1 = from the start). */
  fromSeq: number;
  signal: AbortSignal;
  stream?: string;
  maxBatch?: number;
  /** Stop after this sequence has been delivered (e.g. the end at the start of a rebuild). */
  untilSeq?: number;
}

/**
 * Reads the stream in order from a checkpoint with an ordered (ephemeral)
 * consumer, in micro-batches. The caller stores the position of the last
 * item with its own effects: that checkpoint, not a server-side ack, is
 * what makes the projection exactly-once. (A durable consumer may redeliver
 * an old message after newer ones were applied; skipping "at or below the
 * checkpoint" would then lose it.)
 */
export async function* readOrdered<T>(o: OrderedReadOptions<T>): AsyncGenerator<ReadItem<T>[]> {
  const maxBatch = o.maxBatch ?? 500;
  if (o.untilSeq !== undefined && o.untilSeq < o.fromSeq) return;
  const consumer = await o.js.consumers.get(o.stream ?? STREAM, {
    filterSubjects: o.filterSubject, // a string: server 2.9 refuses filter_subjects (array)
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, o.fromSeq),
  });
  const messages = await consumer.consume({ max_messages: maxBatch * 2 });
  const stop = () => void messages.close().catch(() => undefined);
  o.signal.addEventListener("abort", stop, { once: true });
  // A stop that came while the consumer was being set up fired no listener.
  if (o.signal.aborted) stop();
  try {
    for await (const msgs of microBatches<JsMsg>(messages, maxBatch)) {
      const until = o.untilSeq ?? Infinity;
      const batch = msgs.filter((m) => m.info.streamSequence <= until).map((m) => toItem(m, o));
      if (batch.length) yield batch;
      if (msgs.some((m) => m.info.streamSequence >= until) || o.signal.aborted) break;
    }
  } finally {
    o.signal.removeEventListener("abort", stop);
    stop();
  }
}

function toItem<T>(m: JsMsg, o: OrderedReadOptions<T>): ReadItem<T> {
  const d = decodeEvent(m.data, o.schema, o.acceptTypes);
  const seq = m.info.streamSequence;
  return d.ok ? { ok: true, event: d.event, seq, subject: m.subject } : { ...d, seq, subject: m.subject, data: m.data };
}
