import { createServer, type Server } from "node:http";
import { renderRss, type FeedWorld } from "./feed-world.ts";
import { serveHostile, type HostileOptions } from "./hostile-feed.ts";

/**
 * Serves a FeedWorld over HTTP on 127.0.0.1 with ETags (a 304 when the feed
 * has not changed, RFC 9110 §13.1.2), and counts what it served: the request
 * times are how the benchmark sees a poll cycle from the outside.
 */
export interface FeedServerStats {
  requests: number;
  ok: number;
  notModified: number;
  hostile: number;
  firstRequestAt: number;
  lastResponseAt: number;
}

export interface FeedWorldServer {
  origin: string;
  urls: string[];
  stats: FeedServerStats;
  /** Last time each feed was asked for (0 = never). */
  lastRequestAt: number[];
  resetStats(): void;
  close(): Promise<void>;
}

const freshStats = (): FeedServerStats => ({ requests: 0, ok: 0, notModified: 0, hostile: 0, firstRequestAt: 0, lastResponseAt: 0 });

export async function startFeedWorldServer(world: FeedWorld, hostile: HostileOptions = { hugeBytes: 3 << 20, slowMs: 60_000 }): Promise<FeedWorldServer> {
  let origin = "";
  const lastRequestAt = world.feeds.map(() => 0);
  const s: FeedWorldServer = { origin, urls: [], stats: freshStats(), lastRequestAt, resetStats: () => (s.stats = freshStats()), close: async () => {} };
  const server: Server = createServer((req, res) => {
    const now = Date.now();
    const st = s.stats;
    st.requests++;
    if (!st.firstRequestAt) st.firstRequestAt = now;
    res.on("finish", () => (st.lastResponseAt = Date.now()));
    const m = /^\/f\/(\d+)\.xml$/.exec((req.url ?? "").split("?")[0] ?? "");
    const f = m ? Number(m[1]) : -1;
    const feed = world.feeds[f];
    if (!feed) {
      res.writeHead(404).end("not found");
      return;
    }
    lastRequestAt[f] = now;
    if (feed.hostile) {
      st.hostile++;
      serveHostile(feed.hostile, world, f, origin, res, hostile);
      return;
    }
    const etag = `"f${f}-v${feed.version}"`;
    if (req.headers["if-none-match"] === etag) {
      st.notModified++;
      res.writeHead(304, { etag }).end();
      return;
    }
    st.ok++;
    const body = renderRss(world, f, origin);
    res.on("finish", () => world.markServed(f, now));
    res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8", etag }).end(body);
  });
  server.keepAliveTimeout = 30_000;
  server.maxConnections = 10_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const addr = server.address();
  origin = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  s.origin = origin;
  s.urls = world.feeds.map((_, f) => origin + world.feedPath(f));
  s.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return s;
}
