import { headers, type JetStreamClient } from "nats";
import type { Logger } from "pino";
import { deadLetterSubject } from "@gw/events";

export interface DeadLetter {
  subject: string;
  seq: number;
  data: Uint8Array;
  reason: string;
  /** Who set it aside (the durable consumer's name, or "projector"). */
  consumer: string;
}

/**
 * Sets an invalid event aside in GW_DEADLETTER, the reason in `Gw-Reason`.
 * The msgID makes a re-publish within the stream's duplicate window a no-op.
 */
export async function publishDeadLetter(js: JetStreamClient, logger: Logger, d: DeadLetter): Promise<void> {
  logger.warn({ subject: d.subject, seq: d.seq, reason: d.reason, consumer: d.consumer }, "dead-lettered an invalid event");
  const h = headers();
  h.set("Gw-Reason", d.reason.slice(0, 1000));
  h.set("Gw-Original-Subject", d.subject);
  h.set("Gw-Original-Seq", String(d.seq));
  h.set("Gw-Consumer", d.consumer);
  await js.publish(deadLetterSubject(d.subject), d.data, { headers: h, msgID: `dlq:${d.consumer}:${d.seq}` });
}
