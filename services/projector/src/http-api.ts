import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "./open-read-model.ts";
import { BadQueryError, getDevelopment, listArticles, listDevelopments, parseLimit, parseSince } from "./queries.ts";

export interface ApiOptions {
  /** A read-only connection: the API never writes. */
  db: () => Db;
  health: () => Promise<Record<string, unknown>>;
  metrics: () => string;
  now?: () => Date;
}

export interface ApiServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The read-only HTTP API. Routes:
 *   GET /api/developments?topic=&since=&limit=   newest first
 *   GET /api/developments/:id                    with its articles
 *   GET /api/articles?since=&topic=&relevant=&limit=
 *   GET /healthz                                 position, stream lag, last event time
 *   GET /metrics                                 Prometheus text
 * Bad parameters get 400 with the reason; unknown paths 404; other methods 405.
 */
export function createApi(o: ApiOptions): Server {
  const now = o.now ?? (() => new Date());
  return createServer((req, res) => {
    void route(o, now, req, res).catch((err: unknown) => {
      const bad = err instanceof BadQueryError;
      json(res, bad ? 400 : 500, { error: bad ? err.message : "internal error" });
    });
  });
}

async function route(o: ApiOptions, now: () => Date, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { error: "read-only API: GET only" });
  const url = new URL(req.url ?? "/", "http://localhost");
  const q = url.searchParams;
  const since = q.get("since");
  const sinceIso = since ? parseSince(since, now()) : undefined;
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (path === "/api/developments") {
    const topic = q.get("topic") || undefined;
    return json(res, 200, { developments: listDevelopments(o.db(), { topic, since: sinceIso, limit: parseLimit(q.get("limit") ?? undefined, 50) }) });
  }
  const dev = /^\/api\/developments\/([^/]+)$/.exec(path);
  if (dev) {
    const d = getDevelopment(o.db(), decodeURIComponent(dev[1]!));
    return d ? json(res, 200, d) : json(res, 404, { error: "no such development" });
  }
  if (path === "/api/articles") {
    const relevant = q.get("relevant");
    if (relevant !== null && relevant !== "true" && relevant !== "false") throw new BadQueryError(`relevant: "${relevant}" must be true or false`);
    const articles = listArticles(o.db(), {
      since: sinceIso,
      topic: q.get("topic") || undefined,
      relevant: relevant === null ? undefined : relevant === "true",
      limit: parseLimit(q.get("limit") ?? undefined, 50),
    });
    return json(res, 200, { articles });
  }
  if (path === "/healthz") return json(res, 200, await o.health());
  if (path === "/metrics") {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
    res.end(o.metrics());
    return;
  }
  json(res, 404, { error: `no route ${path}` });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** Listens on host:port (0 = a free port) and reports the port it got. */
export async function listenApi(server: Server, host: string, port: number): Promise<ApiServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
