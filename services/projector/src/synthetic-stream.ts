import { articleClassifiedEvent, type ArticleClassified } from "@gw/events";

/**
 * A deterministic stream of classification events shaped like live traffic,
 * for the crash, rebuild and API tests and the benchmark: most articles are
 * irrelevant; relevant ones are stories syndicated by several outlets with
 * small edits over a day or two; about one in ten arrives a little out of
 * order; and a share are reclassified later by a newer taxonomy (relevance or
 * topics flip), as `gw reclassify` does.
 */
export interface SyntheticOptions {
  count: number;
  seed?: number;
  relevantShare?: number;
  reclassifyShare?: number;
  start?: string;
}

const TOPICS = ["territory", "security-guarantees", "nuclear-plant", "humanitarian", "energy-strikes", "ceasefire", "sanctions-economy", "us-mediation"];
const ENTITIES = ["umerov", "budanov", "kyslytsya", "medinsky", "kostyukov", "dmitriev", "witkoff", "kushner", "zelensky", "putin", "trump", "peskov"];

function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

function word(n: number): string {
  const c = "bcdfghjklmnprstvz";
  const v = "aeiou";
  let w = "";
  for (let i = 0; i < 3; i++, n = Math.floor(n / 85)) w += c[n % 17]! + v[Math.floor(n / 17) % 5]!;
  return w;
}

interface Story {
  words: string[];
  topics: string[];
  entities: string[];
  number: number;
}

export function syntheticClassifications(o: SyntheticOptions): ArticleClassified[] {
  const r = prng(o.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const relevantShare = o.relevantShare ?? 0.3;
  const reclassifyShare = o.reclassifyShare ?? 0.01;
  const t0 = Date.parse(o.start ?? "2026-02-10T00:00:00Z");
  const stories: Story[] = [];
  const out: ArticleClassified[] = [];
  let clock = t0;
  for (let i = 0; out.length < o.count; i++) {
    clock += Math.floor(r() * 60_000);
    const jitter = r() < 0.1 ? -Math.floor(r() * 120_000) : 0;
    const discovered = new Date(clock + jitter).toISOString();
    const relevant = r() < relevantShare;
    let title: string;
    let summary: string;
    let topics: string[] = [];
    let entities: string[] = [];
    if (relevant) {
      if (stories.length === 0 || r() < 0.3) {
        stories.push({ words: Array.from({ length: 14 }, () => word(Math.floor(r() * 600_000))), topics: [pick(TOPICS), pick(TOPICS)], entities: [pick(ENTITIES), pick(ENTITIES)], number: 100 + Math.floor(r() * 900) });
      }
      const s = stories[Math.max(0, stories.length - 1 - Math.floor(r() * Math.min(stories.length, 12)))]!;
      const edit = (ws: string[]) => ws.map((w) => (r() < 0.12 ? word(Math.floor(r() * 600_000)) : w));
      title = `Ukraine talks: ${edit(s.words.slice(0, 7)).join(" ")}`;
      summary = `${edit(s.words.slice(7)).join(" ")} ${s.number} in Geneva.`;
      topics = s.topics;
      entities = s.entities;
    } else {
      title = Array.from({ length: 8 }, () => word(Math.floor(r() * 600_000))).join(" ");
      summary = Array.from({ length: 12 }, () => word(Math.floor(r() * 600_000))).join(" ");
    }
    const outlet = Math.floor(r() * 40);
    const id = `a${String(i).padStart(7, "0")}`;
    const article = {
      article_id: id,
      feed_url: `https://outlet${outlet}.example/feed.xml`,
      source: `Outlet ${outlet}`,
      url: `https://outlet${outlet}.example/news/${id}?utm_source=rss`,
      title,
      summary,
      lang: "en",
      published_at: discovered,
      discovered_at: discovered,
      content_hash: `h-${id}`,
    };
    const data = { article, taxonomy_version: "v1", relevant, relevance_score: relevant ? 0.9 : 0.1, topics, scores: {}, entities, evidence: [] };
    out.push(articleClassifiedEvent(data, discovered));
    if (r() < reclassifyShare && out.length < o.count && out.length > 10) {
      const old = out[Math.floor(r() * (out.length - 1))]!.data;
      const flip = r() < 0.5;
      const re = { ...old, taxonomy_version: "v2", replay: true, relevant: flip ? !old.relevant : old.relevant, topics: flip && old.relevant ? [] : [pick(TOPICS)] };
      if (!re.relevant) re.topics = [];
      out.push(articleClassifiedEvent(re, new Date(clock).toISOString()));
    }
  }
  return out.slice(0, o.count);
}
