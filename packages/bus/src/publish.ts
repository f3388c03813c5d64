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
 * Publishes many events pipelined in windows (one round-trip per window rather
 * than per event). Resolves once the server has stored every one, in order of
 * windows; the first failure rejects.
 */
export async function publishEvents(js: JetStreamClient, items: readonly Publishable[], window = 100): Promise<PubAck[]> {
  const acks: PubAck[] = [];
  for (let i = 0; i < items.length; i += window) {
    const slice = items.slice(i, i + window);
    acks.push(...(await Promise.all(slice.map((p) => publishEvent(js, p.subject, p.event)))));
  }
  return acks;
}
