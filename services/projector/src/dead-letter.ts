import { headers, type JetStreamClient } from "nats";
import type { Logger } from "pino";
import { deadLetterSubject } from "@gw/events";

/**
 * Sets an invalid event aside in GW_DEADLETTER with its reason, so the
 * projection can move past it. The msgID makes a replay after a crash
 * (between this publish and the commit of the position) a no-op.
 */
export async function deadLetterEvent(js: JetStreamClient, logger: Logger, item: { seq: number; subject: string; data: Uint8Array; reason: string }): Promise<void> {
  logger.warn({ seq: item.seq, subject: item.subject, reason: item.reason }, "dead-lettered an invalid event");
  const h = headers();
  h.set("Gw-Reason", item.reason.slice(0, 1000));
  h.set("Gw-Original-Subject", item.subject);
  h.set("Gw-Original-Seq", String(item.seq));
  h.set("Gw-Consumer", "projector");
  await js.publish(deadLetterSubject(item.subject), item.data, { headers: h, msgID: `dlq:projector:${item.seq}` });
}
