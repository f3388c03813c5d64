import { generateItem, generateProbe, feedLang, mix, type GeneratedItem } from "./generate-item.ts";

/**
 * The feeds a benchmark or chaos run serves, and the oracle of what they
 * served: N feeds that start with `items` items each and grow when advanced.
 * A feed shows its newest `window` items (default: all of them, so nothing
 * scrolls away unseen and the oracle is simply every item ever added).
 * A share of the feeds is hostile (see hostile-feed.ts); their items are not
 * part of the oracle.
 */
export type HostileKind = "malformed" | "huge" | "slow" | "misencoded";
export const HOSTILE_KINDS: readonly HostileKind[] = ["malformed", "huge", "slow", "misencoded"];

export interface FeedWorldOptions {
  feeds: number;
  items: number;
  seed?: number;
  /** 0..1: share of feeds that are hostile (chaos only). */
  hostileShare?: number;
  window?: number;
  /** Publication time of item 0; the initial items are a minute apart (default: the last one is now). */
  epochMs?: number;
}

export interface FeedState {
  items: GeneratedItem[];
  version: number;
  hostile?: HostileKind;
  /** When each item first went out in a 200 response (index = position in `items`). */
  firstServedAt: number[];
}

export class FeedWorld {
  readonly seed: number;
  readonly feeds: FeedState[];
  readonly stories: number;
  readonly window: number;
  private readonly epochMs: number;
  private probes = 0;

  constructor(o: FeedWorldOptions) {
    this.seed = o.seed ?? 1;
    this.window = o.window ?? Number.POSITIVE_INFINITY;
    this.epochMs = o.epochMs ?? Math.floor(Date.now() / 60_000) * 60_000 - o.items * 60_000;
    // About four outlets per story: enough for grouping to matter, many developments.
    this.stories = Math.max(10, Math.round((o.feeds * o.items * 0.35) / 4));
    const hostileEvery = o.hostileShare ? Math.max(1, Math.round(1 / o.hostileShare)) : 0;
    this.feeds = Array.from({ length: o.feeds }, (_, f) => {
      const hostile = hostileEvery && f % hostileEvery === hostileEvery - 1 ? HOSTILE_KINDS[mix(this.seed, f) % HOSTILE_KINDS.length] : undefined;
      const items = Array.from({ length: o.items }, (_, s) => generateItem(this.seed, f, s, this.stories));
      return { items, version: 1, firstServedAt: [], ...(hostile ? { hostile } : {}) };
    });
  }

  feedPath(f: number): string {
    return `/f/${f}.xml`;
  }

  /** Adds `n` new items to feed f (newest last in `items`). */
  advance(f: number, n = 1): GeneratedItem[] {
    const feed = this.feeds[f]!;
    const now = Date.now();
    const added = Array.from({ length: n }, (_, k) => ({ ...generateItem(this.seed, f, feed.items.length + k, this.stories), publishedMs: now }));
    feed.items.push(...added);
    feed.version++;
    return added;
  }

  /** Adds a talks item about a brand-new story (for end-to-end latency). */
  addProbe(f: number): GeneratedItem {
    const feed = this.feeds[f]!;
    const probe = { ...generateProbe(this.seed, f, feed.items.length, ++this.probes), publishedMs: Date.now() };
    feed.items.push(probe);
    feed.version++;
    return probe;
  }

  visible(f: number): GeneratedItem[] {
    const items = this.feeds[f]!.items;
    return Number.isFinite(this.window) ? items.slice(-this.window) : items;
  }

  /** Records that the current version of feed f went out in full. */
  markServed(f: number, at: number): void {
    const feed = this.feeds[f]!;
    const from = Math.max(0, feed.items.length - (Number.isFinite(this.window) ? this.window : feed.items.length));
    for (let i = from; i < feed.items.length; i++) feed.firstServedAt[i] ??= at;
  }

  publishedAt(item: GeneratedItem): Date {
    return new Date(item.publishedMs ?? this.epochMs + item.seq * 60_000);
  }

  /** The oracle: every item of every well-behaved feed. */
  expectedItems(): GeneratedItem[] {
    return this.feeds.flatMap((f) => (f.hostile ? [] : f.items));
  }

  normalFeeds(): number[] {
    return this.feeds.flatMap((f, i) => (f.hostile ? [] : [i]));
  }
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
export const escapeXml = (s: string) => s.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);

/** RSS 2.0 for the feed's visible items, newest first, links on `origin`. */
export function renderRss(world: FeedWorld, f: number, origin: string, encodingLabel = "UTF-8"): string {
  const lang = feedLang(f);
  const items = world.visible(f);
  const parts = [
    `<?xml version="1.0" encoding="${encodingLabel}"?>\n<rss version="2.0"><channel>`,
    `<title>Bench Outlet ${f}</title><link>${origin}/outlet/${f}</link><description>Generated feed ${f}</description><language>${lang}</language>`,
  ];
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    parts.push(
      `<item><title>${escapeXml(it.title)}</title><link>${origin}${it.path}</link><guid isPermaLink="false">${it.guid}</guid>` +
        `<pubDate>${world.publishedAt(it).toUTCString()}</pubDate><description>${escapeXml(it.summary)}</description></item>`,
    );
  }
  parts.push("</channel></rss>\n");
  return parts.join("\n");
}
