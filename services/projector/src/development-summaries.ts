import type { DevelopmentData } from "@gw/events";
import { compareKey } from "./developments.ts";
import type { DevelopmentRow, MemberRow, Statements } from "./statements.ts";
import { RecentCache } from "./recent-cache.ts";

/** Counts over a development's members: enough to re-summarise it after an article joins, without reading them back. */
interface Tally {
  count: number;
  updatedAt: string;
  /** The lead: the earliest member in canonical order (summarizeDevelopment's rule). */
  earliest: MemberRow;
  sources: Set<string>;
  topics: Set<string>;
  entities: Set<string>;
  langs: Set<string>;
}

const keyOf = (m: MemberRow) => ({ time: Date.parse(m.discovered_at), articleId: m.article_id });
const sorted = (s: Set<string>) => [...s].sort();

/**
 * The `latest_developments` rows as the batch goes, in memory: each event
 * sees the rows its predecessors left (what it would read back had each been
 * written at once), and `flush` writes each touched development once, with
 * its topic index, before the batch commits. Tallies of members persist
 * across batches, so a joining article costs no read of the others; any
 * other change (a member leaves or moves, a member row changes) re-reads
 * the members. Equal to summarizeDevelopment over the members at all times
 * (development-summaries.test.ts).
 */
export class DevelopmentSummaries {
  /** Rows as of the last event of this batch (null: deleted), and the committed row before the batch. */
  private readonly batch = new Map<string, { current: DevelopmentRow | null; committed: DevelopmentRow | undefined }>();
  /** Bounded by recency: a development that stops growing is re-read if it ever grows again. */
  private readonly tallies = new RecentCache<string, Tally>(2048);

  constructor(private readonly st: Statements) {}

  /** The row as of now (undefined when there is none). */
  current(dev: string): DevelopmentRow | undefined {
    return this.entry(dev).current ?? undefined;
  }

  /** A member of `dev` changed or left by a way `summarize` will not be told: its counts are re-read when next needed. */
  forget(dev: string | null): void {
    if (dev) this.tallies.delete(dev);
  }

  /**
   * Re-summarises `dev` after an event: incrementally when the only change
   * is `joined` (a new member), else from its members in the file.
   */
  summarize(dev: string, joined?: MemberRow): DevelopmentData | undefined {
    let t = this.tallies.get(dev);
    if (t && joined) add(t, joined);
    else {
      const members = this.st.members.all(dev);
      t = members.length ? tallyOf(members) : undefined;
      if (t) this.tallies.set(dev, t);
      else this.tallies.delete(dev);
    }
    return t && toSummary(dev, t);
  }

  /** Records the row `dev` has after this event (undefined: it has none). */
  set(dev: string, row: DevelopmentRow | undefined): void {
    this.entry(dev).current = row ?? null;
  }

  /** Writes every development touched in this batch (inside its transaction). */
  flush(): void {
    const { st } = this;
    for (const [dev, { current, committed }] of this.batch) {
      if (!current) {
        if (committed) {
          st.deleteDevelopment.run(dev);
          st.deleteTopics.run(dev);
        }
        continue;
      }
      if (committed && sameRow(committed, current)) continue;
      st.upsertDevelopment.run(current);
      if (!committed || committed.topics !== current.topics) {
        st.deleteTopics.run(dev);
        for (const topic of JSON.parse(current.topics) as string[]) st.insertTopic.run(topic, dev, current.updated_at);
      } else if (committed.updated_at !== current.updated_at) st.touchTopics.run(current.updated_at, dev);
    }
    this.batch.clear();
  }

  /** Forgets everything (after a failed transaction). */
  reset(): void {
    this.batch.clear();
    this.tallies.clear();
  }

  private entry(dev: string) {
    let e = this.batch.get(dev);
    if (!e) {
      const committed = this.st.getDevelopment.get(dev);
      e = { current: committed ?? null, committed };
      this.batch.set(dev, e);
    }
    return e;
  }
}

export function sameRow(a: DevelopmentRow, b: DevelopmentRow): boolean {
  for (const k in a) if (a[k as keyof DevelopmentRow] !== b[k as keyof DevelopmentRow]) return false;
  return true;
}

function tallyOf(members: readonly MemberRow[]): Tally {
  const first = members[0]!;
  const t: Tally = { count: 0, updatedAt: first.discovered_at, earliest: first, sources: new Set(), topics: new Set(), entities: new Set(), langs: new Set() };
  for (const m of members) add(t, m);
  return t;
}

function add(t: Tally, m: MemberRow): void {
  t.count++;
  if (m.discovered_at > t.updatedAt) t.updatedAt = m.discovered_at;
  if (compareKey(keyOf(m), keyOf(t.earliest)) < 0) t.earliest = m;
  t.sources.add(m.source);
  for (const x of JSON.parse(m.topics) as string[]) t.topics.add(x);
  for (const x of JSON.parse(m.entities) as string[]) t.entities.add(x);
  if (m.lang) t.langs.add(m.lang);
}

function toSummary(dev: string, t: Tally): DevelopmentData {
  const lead = t.earliest;
  return {
    development_id: dev,
    headline: lead.title,
    url: lead.url,
    source: lead.source,
    topics: sorted(t.topics),
    entities: sorted(t.entities),
    langs: sorted(t.langs),
    first_seen_at: lead.discovered_at,
    updated_at: t.updatedAt,
    article_count: t.count,
    source_count: t.sources.size,
    lead_article_id: lead.article_id,
  };
}
