/**
 * `gw feeds list | add URL | import FILE.opml | export`: the operator's view
 * of feed health. Works on the ingester's state db alone (no NATS needed); a
 * running ingester picks up added feeds within its reload interval.
 * `add` accepts a web page URL too: it follows the page's
 * <link rel="alternate"> (autodiscovery) to the feed.
 */
import { readFileSync } from "node:fs";
import { readFeedList } from "./read-feed-list.ts";
import { loadConfig } from "@gw/config";
import { decodeBody } from "./decode-body.ts";
import { discoverFeeds, looksLikeHtml } from "./discover-feeds.ts";
import { parseFeedList, toOpml } from "./feed-list.ts";
import { fetchFeed } from "./fetch-feed.ts";
import { parseFeed } from "./parse-feed.ts";
import { createFeedStore, type FeedRow, type FeedStore } from "./state/feed-store.ts";
import { openStateDb, stateDbPath } from "./state/open-state-db.ts";
import { formatFeedTable } from "./format-feed-table.ts";

const USAGE = "usage: gw feeds list [--json] | add URL | import FILE.opml | export";
const out = (s: string) => process.stdout.write(s);
const err = (s: string) => process.stderr.write(`${s}\n`);

export async function feedsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || !["list", "add", "import", "export"].includes(sub)) {
    err(USAGE);
    return sub ? 2 : 0;
  }
  const config = loadConfig();
  const store = createFeedStore(openStateDb(stateDbPath(config)));
  try {
    // Show the configured list (GW_FEEDS) even before the ingester first ran:
    // the same sync the service does at start.
    if (sub === "list" || sub === "export") store.syncConfigFeeds(readFeedList(config.feeds), Date.now());
    switch (sub) {
      case "list":
        return listFeeds(store, rest.includes("--json"));
      case "export":
        out(toOpml(store.listFeeds().filter((f) => f.active).map((f) => ({ url: f.url, title: f.title }))));
        return 0;
      case "import":
        return importFeeds(store, rest[0]);
      default:
        return await addFeed(store, rest[0], config.ingester);
    }
  } finally {
    store.close();
  }
}

function listFeeds(store: FeedStore, json: boolean): number {
  const rows = store.listFeeds();
  if (json) out(`${JSON.stringify(rows.map(publicRow), null, 2)}\n`);
  else out(formatFeedTable(rows, Date.now()));
  return 0;
}

function publicRow(f: FeedRow) {
  const iso = (t: number | null) => (t ? new Date(t).toISOString() : null);
  return {
    url: f.url, title: f.title, active: f.active === 1, last_status: f.lastStatus, last_http_status: f.lastHttpStatus, last_error: f.lastError,
    last_polled_at: iso(f.lastPolledAt), last_success_at: iso(f.lastSuccessAt), consecutive_failures: f.consecutiveFailures,
    next_poll_at: iso(f.nextPollAt), item_count: f.itemCount,
  };
}

function importFeeds(store: FeedStore, file: string | undefined): number {
  if (!file) return (err(USAGE), 2);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return (err(`cannot read ${file}: ${(e as Error).message}`), 1);
  }
  const entries = parseFeedList(text, file);
  const now = Date.now();
  const added = entries.filter((e) => store.addFeed(e.url, "cli", now, e.title)).length;
  out(`imported ${file}: ${added} new feed(s), ${entries.length - added} already known\n`);
  return 0;
}

async function addFeed(store: FeedStore, url: string | undefined, ing: { bodyCapBytes: number; connectTimeoutMs: number; totalTimeoutMs: number; userAgent?: string | undefined }): Promise<number> {
  if (!url) return (err(USAGE), 2);
  try {
    new URL(url);
  } catch {
    return (err(`not a URL: ${url}`), 2);
  }
  const feedUrl = await resolveFeedUrl(url, ing);
  if (typeof feedUrl !== "string") return (err(feedUrl.error), 1);
  const added = store.addFeed(feedUrl, "cli", Date.now());
  out(added ? `added ${feedUrl}\n` : `already known: ${feedUrl}\n`);
  return 0;
}

/** The feed behind a URL: the URL itself when it serves a feed, else the page's first autodiscovered feed. */
async function resolveFeedUrl(url: string, ing: { bodyCapBytes: number; connectTimeoutMs: number; totalTimeoutMs: number; userAgent?: string | undefined }): Promise<string | { error: string }> {
  const res = await fetchFeed(url, { etag: null, lastModified: null }, { ...ing, ...(ing.userAgent ? { userAgent: ing.userAgent } : {}) });
  if (res.status !== "ok") return { error: `cannot add ${url}: ${res.status === "error" ? res.error : "unexpected 304"}` };
  const text = decodeBody(res.body, res.contentType).text;
  if (looksLikeHtml(text)) {
    const [first] = discoverFeeds(text, res.finalUrl);
    return first ?? { error: `cannot add ${url}: it is a web page that links to no RSS or Atom feed` };
  }
  const parsed = await parseFeed(text, res.finalUrl);
  return parsed.ok ? (res.movedTo ?? url) : { error: `cannot add ${url}: ${parsed.error}` };
}
