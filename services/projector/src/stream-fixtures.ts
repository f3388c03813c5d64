import { lastSequence, publishEvents, readOrdered, type Bus } from "@gw/bus";
import { DEVELOPMENT_SUBJECTS, STREAM, SUBJECTS, type ArticleClassified } from "@gw/events";
import { z } from "zod";

/** Publishes classification events as the classifier would (pipelined, msgID = id). */
export async function publishClassifications(bus: Bus, events: readonly ArticleClassified[]): Promise<number> {
  const acks = await publishEvents(bus.js, events.map((event) => ({ subject: SUBJECTS.articleClassified, event })), 200);
  return acks.at(-1)?.seq ?? 0;
}

const anyEnvelope = z.object({ id: z.string(), type: z.string(), data: z.object({ development_id: z.string() }).passthrough() });

/** Every development event stored in the stream, in order (for "once" checks). */
export async function readDevelopmentEvents(bus: Bus): Promise<Array<z.infer<typeof anyEnvelope>>> {
  const until = await lastSequence(bus.jsm, STREAM);
  const info = await bus.jsm.streams.info(STREAM, { subjects_filter: DEVELOPMENT_SUBJECTS });
  const total = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  if (total === 0) return [];
  const out: Array<z.infer<typeof anyEnvelope>> = [];
  const ac = new AbortController();
  for await (const batch of readOrdered({ js: bus.js, filterSubject: DEVELOPMENT_SUBJECTS, schema: anyEnvelope, fromSeq: 1, signal: ac.signal, maxBatch: 1000 })) {
    for (const item of batch) if (item.ok) out.push(item.event);
    if (out.length >= total || batch.some((i) => i.seq >= until)) break;
  }
  ac.abort();
  return out;
}
