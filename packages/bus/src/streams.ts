import { RetentionPolicy, StorageType, nanos, type JetStreamManager, type StreamConfig } from "nats";
import { DEAD_LETTER_STREAM, DEAD_LETTER_SUBJECTS, LEGACY_POLL_SUBJECT, POLL_STREAM, POLL_SUBJECTS, STREAM, STREAM_SUBJECTS } from "@gw/events";

export interface StreamOptions {
  replicas?: number;
  /** Days of poll results kept (GW_POLLS); when unset, an existing stream keeps its limit and a new one gets 14. */
  pollHistoryDays?: number;
}

const DAY_NS = 86_400 * 1e9;

/**
 * The event store (`GW`): file storage and no age or size limit, so the read
 * model can always be rebuilt. Poll results (`GW_POLLS`) are kept for a number
 * of days: they are history nothing is rebuilt from, and at thousands of
 * feeds they would be most of the disk. The dedup window (2 min) only absorbs
 * publish retries; long-lived dedup is the producers' job. Every service calls
 * this at start, possibly at the same moment: each step is idempotent.
 */
export async function ensureStreams(jsm: JetStreamManager, opts: StreamOptions = {}): Promise<void> {
  const replicas = opts.replicas ?? 1;
  await ensureStream(jsm, { name: STREAM, subjects: STREAM_SUBJECTS, num_replicas: replicas });
  // Whole nanoseconds: the server stores an integer, and a fraction would differ from it at every start.
  const pollAge = opts.pollHistoryDays === undefined ? undefined : Math.round(opts.pollHistoryDays * DAY_NS);
  await ensureStream(jsm, { name: POLL_STREAM, subjects: POLL_SUBJECTS, num_replicas: replicas, max_age: pollAge ?? 14 * DAY_NS }, pollAge === undefined ? [] : ["max_age"]);
  await ensureStream(jsm, { name: DEAD_LETTER_STREAM, subjects: DEAD_LETTER_SUBJECTS, num_replicas: replicas });
  await purgeLegacyPolls(jsm);
}

/** Creates the stream, or brings the `keep` settings of an existing one to `cfg`. */
async function ensureStream(jsm: JetStreamManager, cfg: Partial<StreamConfig> & { name: string }, keep: Array<keyof StreamConfig> = []) {
  let existing: StreamConfig | undefined;
  try {
    existing = (await jsm.streams.info(cfg.name)).config;
  } catch (err) {
    if (!/stream not found/i.test((err as Error).message)) throw err;
  }
  if (existing) {
    const changed = keep.filter((k) => existing[k] !== cfg[k]);
    if (changed.length) await jsm.streams.update(cfg.name, Object.fromEntries(changed.map((k) => [k, cfg[k]])));
    return;
  }
  try {
    await jsm.streams.add({ storage: StorageType.File, retention: RetentionPolicy.Limits, duplicate_window: nanos(120_000), ...cfg });
  } catch (err) {
    // Another service created it between our info and add.
    if (!/already in use|name already/i.test((err as Error).message)) throw err;
  }
}

/** Stream sequences per purge request: ~1 s of server work each, well inside the API timeout. */
const PURGE_STEP = 1_000_000;

/**
 * Poll results stored in GW by an earlier version: history nothing reads,
 * dropped once. In steps of sequences, so weeks of them (tens of millions)
 * do not outlast one request's timeout; best effort, since a start must not
 * fail over history: what a failed step leaves is purged at the next start.
 */
export async function purgeLegacyPolls(jsm: JetStreamManager, step = PURGE_STEP): Promise<void> {
  try {
    const info = await jsm.streams.info(STREAM, { subjects_filter: LEGACY_POLL_SUBJECT });
    if ((info.state.subjects?.[LEGACY_POLL_SUBJECT] ?? 0) === 0) return;
    for (let seq = info.state.first_seq + step; ; seq += step) {
      // `seq`: everything matching below it.
      await jsm.streams.purge(STREAM, { filter: LEGACY_POLL_SUBJECT, seq: Math.min(seq, info.state.last_seq + 1) });
      if (seq > info.state.last_seq) break;
    }
  } catch {
    // Left for the next start.
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
