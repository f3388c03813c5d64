import type { JetStreamClient, PubAck } from "nats";
import { encodeEvent } from "./decode.ts";

export interface Publishable {
  subject: string;
  event: { id: string };
}

/** Publishes one event; its id is the msgID, so the server drops a re-publish. */
export function publishEvent(js: JetStreamClient, subject: string, event: { id: string }): Promise<PubAck> {
  return js.publish(subject, encodeEvent(event), { msgID: event.id });
}

/**
 * Publishes many events pipelined: up to `window` in flight at once (a sliding
 * window, not lock-step batches, so the pipe never drains between batches).
 * Resolves with the acks in input order once the server has stored every one;
 * the first failure rejects after the in-flight ones settle.
 */
export async function publishEvents(js: JetStreamClient, items: readonly Publishable[], window = 256): Promise<PubAck[]> {
  const acks: PubAck[] = Array.from({ length: items.length });
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (next < items.length && failure === undefined) {
      const i = next++;
      const p = items[i]!;
      try {
        acks[i] = await publishEvent(js, p.subject, p.event);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, items.length) }, lane));
  if (failure !== undefined) throw failure;
  return acks;
}
