import { RetentionPolicy, StorageType, nanos, type JetStreamManager } from "nats";
import { DEAD_LETTER_STREAM, DEAD_LETTER_SUBJECTS, STREAM, STREAM_SUBJECTS } from "@gw/events";

/**
 * The stream is the event store: file storage and no age or size limit, so the
 * read model can always be rebuilt. The dedup window (2 min) only absorbs
 * publish retries; long-lived dedup is the producers' job.
 */
export async function ensureStreams(jsm: JetStreamManager, opts: { replicas?: number } = {}): Promise<void> {
  await ensureStream(jsm, STREAM, STREAM_SUBJECTS, opts.replicas ?? 1);
  await ensureStream(jsm, DEAD_LETTER_STREAM, DEAD_LETTER_SUBJECTS, opts.replicas ?? 1);
}

async function ensureStream(jsm: JetStreamManager, name: string, subjects: string[], replicas: number) {
  try {
    await jsm.streams.info(name);
    return;
  } catch (err) {
    if (!/stream not found/i.test((err as Error).message)) throw err;
  }
  try {
    await jsm.streams.add({
      name,
      subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      num_replicas: replicas,
      duplicate_window: nanos(120_000),
    });
  } catch (err) {
    // Another service created it between our info and add.
    if (!/already in use|name already/i.test((err as Error).message)) throw err;
  }
}

/** The last stream sequence, overall or for one subject filter. */
export async function lastSequence(jsm: JetStreamManager, stream = STREAM, subject?: string): Promise<number> {
  if (!subject) return (await jsm.streams.info(stream)).state.last_seq;
  try {
    const m = await jsm.streams.getMessage(stream, { last_by_subj: subject });
    return m.seq;
  } catch {
    return 0;
  }
}
