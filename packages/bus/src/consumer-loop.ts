import { AckPolicy, DeliverPolicy, nanos, type JetStreamClient, type JetStreamManager, type JsMsg } from "nats";
import type { Logger } from "pino";
import type { z } from "zod";
import { STREAM } from "@gw/events";
import { publishDeadLetter } from "./dead-letter.ts";
import { decodeEvent } from "./decode.ts";
import { microBatches } from "./micro-batches.ts";

export interface Delivered<T> {
  event: T;
  seq: number;
  subject: string;
  redeliveries: number;
}

export interface ConsumerLoopOptions<T> {
  js: JetStreamClient;
  jsm: JetStreamManager;
  logger: Logger;
  durable: string;
  filterSubject: string;
  schema: z.ZodType<T>;
  /** Envelope types this consumer handles; others are acked and skipped. */
  acceptTypes?: ReadonlySet<string>;
  /** Must resolve only once its effect is durable; the batch is acked after. */
  handle(batch: Delivered<T>[]): Promise<void>;
  signal: AbortSignal;
  stream?: string;
  maxBatch?: number;
  ackWaitMs?: number;
  nakDelayMs?: number;
}

/**
 * The one durable pull-consumer loop: validate → handle → ack.
 * Schema failures are dead-lettered (with the reason in a header) and `term`ed,
 * never retried; a handler that throws gets its batch `nak`ed with a delay.
 * Messages are handed over in micro-batches: whatever has already arrived, up to
 * maxBatch, so a burst costs one transaction and a trickle costs no latency.
 */
export async function runConsumerLoop<T>(o: ConsumerLoopOptions<T>): Promise<void> {
  const stream = o.stream ?? STREAM;
  const maxBatch = o.maxBatch ?? 256;
  await ensureDurable(o.jsm, stream, o.durable, o.filterSubject, o.ackWaitMs ?? 30_000, maxBatch);
  const consumer = await o.js.consumers.get(stream, o.durable);
  while (!o.signal.aborted) {
    const messages = await consumer.consume({ max_messages: maxBatch * 2 });
    const stop = () => void messages.close().catch(() => undefined);
    o.signal.addEventListener("abort", stop, { once: true });
    // A stop that came while consume() was being set up fired no listener.
    if (o.signal.aborted) stop();
    try {
      for await (const batch of microBatches<JsMsg>(messages, maxBatch)) {
        await processBatch(o, batch);
        if (o.signal.aborted) break;
      }
    } finally {
      o.signal.removeEventListener("abort", stop);
      stop();
    }
  }
}

async function ensureDurable(jsm: JetStreamManager, stream: string, durable: string, filter: string, ackWaitMs: number, maxBatch: number) {
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: filter,
    ack_wait: nanos(ackWaitMs),
    max_deliver: -1,
    max_ack_pending: Math.max(1000, maxBatch * 4),
  };
  try {
    const info = await jsm.consumers.info(stream, durable);
    if (info.config.ack_wait !== config.ack_wait) await jsm.consumers.update(stream, durable, { ack_wait: config.ack_wait });
  } catch {
    await jsm.consumers.add(stream, config);
  }
}

async function processBatch<T>(o: ConsumerLoopOptions<T>, msgs: JsMsg[]): Promise<void> {
  const good: Delivered<T>[] = [];
  const goodMsgs: JsMsg[] = [];
  for (const m of msgs) {
    const d = decodeEvent(m.data, o.schema, o.acceptTypes);
    if (d.ok) {
      good.push({ event: d.event, seq: m.info.streamSequence, subject: m.subject, redeliveries: m.info.redeliveryCount });
      goodMsgs.push(m);
    } else if (d.skip) {
      m.ack();
    } else {
      await deadLetter(o, m, d.reason);
    }
  }
  if (!good.length) return;
  try {
    await o.handle(good);
  } catch (err) {
    o.logger.error({ err, durable: o.durable, count: good.length, firstSeq: good[0]?.seq }, "handler failed; batch will be redelivered");
    for (const m of goodMsgs) m.nak(o.nakDelayMs ?? 2000);
    return;
  }
  for (const m of goodMsgs) m.ack();
}

/** Sets a bad message aside with its reason and terminates its delivery. */
async function deadLetter<T>(o: ConsumerLoopOptions<T>, m: JsMsg, reason: string): Promise<void> {
  const seq = m.info.streamSequence;
  try {
    await publishDeadLetter(o.js, o.logger, { subject: m.subject, seq, data: m.data, reason, consumer: o.durable });
    m.term(); // no reason string: nats-server 2.9 does not take one
  } catch (err) {
    // Could not set it aside: leave it for redelivery rather than lose it.
    o.logger.error({ err, seq }, "dead-letter publish failed");
    m.nak(5000);
  }
}
