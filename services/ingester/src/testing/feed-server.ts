/**
 * A local HTTP server on port 0 for tests and the benchmark: routes are
 * functions of the request, every request is recorded (path + headers), and
 * an optional delay is added before each response (to model real latency).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface FeedServer {
  url: string;
  routes: Map<string, Route>;
  requests: Array<{ path: string; headers: IncomingMessage["headers"] }>;
  latencyMs: number;
  close(): Promise<void>;
}

export async function startFeedServer(opts: { latencyMs?: number; record?: boolean } = {}): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const requests: FeedServer["requests"] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (opts.record !== false) requests.push({ path, headers: req.headers });
    const handle = async () => {
      if (handle_.latencyMs > 0) await new Promise((r) => setTimeout(r, handle_.latencyMs));
      const route = routes.get(path.split("?")[0]!) ?? routes.get("*");
      if (!route) {
        res.writeHead(404).end("not found");
        return;
      }
      await route(req, res);
    };
    handle().catch(() => res.destroy());
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const handle_: FeedServer = {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    latencyMs: opts.latencyMs ?? 0,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return handle_;
}

/** A route serving a fixed body with ETag / Last-Modified and honouring conditional requests. */
export function staticFeed(body: string | Uint8Array, o: { etag?: string; lastModified?: string; contentType?: string; headers?: Record<string, string> } = {}): Route {
  return (req, res) => {
    if (o.etag && req.headers["if-none-match"] === o.etag) return void res.writeHead(304, { etag: o.etag, ...o.headers }).end();
    if (!o.etag && o.lastModified && req.headers["if-modified-since"] === o.lastModified) return void res.writeHead(304, o.headers).end();
    res.writeHead(200, {
      "content-type": o.contentType ?? "application/rss+xml",
      ...(o.etag ? { etag: o.etag } : {}),
      ...(o.lastModified ? { "last-modified": o.lastModified } : {}),
      ...o.headers,
    });
    res.end(body);
  };
}

/** An RSS 2.0 document with `n` items (ids and titles derived from `tag`). */
export function rssFeed(title: string, items: Array<{ guid?: string; title: string; link?: string; description?: string }>): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const body = items
    .map((i) => `<item><title>${esc(i.title)}</title>${i.link ? `<link>${esc(i.link)}</link>` : ""}${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ""}<description>${esc(i.description ?? "")}</description><pubDate>Tue, 17 Feb 2026 10:00:00 GMT</pubDate></item>`)
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>${esc(title)}</title><link>https://example.test/</link><language>en</language>\n${body}\n</channel></rss>\n`;
}
