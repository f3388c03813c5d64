import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { readFileSync, readdirSync } from "node:fs";
import { extname, join } from "node:path";

export interface FeedServer {
  url: string;
  urls: string[];
  server: Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { ".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml" };

/**
 * Serves every file of a folder over HTTP on 127.0.0.1 (port 0 = any free one),
 * with an ETag so pollers get 304s. The charset is left to the document's own
 * XML declaration, as many real servers do.
 */
export async function startStaticFeedServer(dir: string, port = 0): Promise<FeedServer> {
  const files = new Map(readdirSync(dir).filter((f) => TYPES[extname(f)]).map((f) => [`/${f}`, readFileSync(join(dir, f))]));
  const etags = new Map([...files].map(([p, body]) => [p, `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`]));
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end("not found");
      return;
    }
    const etag = etags.get(path);
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/xml", etag }).end(body);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  const addr = server.address();
  const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : port}`;
  return {
    url: base,
    urls: [...files.keys()].map((p) => base + p),
    server,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Items in a folder of feeds (RSS <item> and Atom <entry>), for knowing when a run is complete. */
export function countFeedItems(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir)) {
    if (!TYPES[extname(f)]) continue;
    n += (readFileSync(join(dir, f), "latin1").match(/<(item|entry)[\s>]/g) ?? []).length;
  }
  return n;
}
