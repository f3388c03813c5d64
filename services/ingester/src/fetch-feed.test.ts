import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFeed, type FetchFeedOptions } from "./fetch-feed.ts";
import { rssFeed, startFeedServer, staticFeed, type FeedServer } from "./testing/feed-server.ts";

const none = { etag: null, lastModified: null };
const opts: FetchFeedOptions = { bodyCapBytes: 64 * 1024, connectTimeoutMs: 500, totalTimeoutMs: 800 };
const doc = rssFeed("T", [{ guid: "1", title: "one" }]);

describe("fetchFeed against a local HTTP server", () => {
  let srv: FeedServer;
  beforeAll(async () => {
    srv = await startFeedServer();
  });
  afterAll(() => srv.close());
  const last = () => srv.requests[srv.requests.length - 1]!;

  it("sends a project User-Agent and the ETag only, then sees 304", async () => {
    srv.routes.set("/cond", staticFeed(doc, { etag: '"v1"', lastModified: "Tue, 17 Feb 2026 10:00:00 GMT" }));
    const first = await fetchFeed(`${srv.url}/cond`, none, opts);
    expect(first).toMatchObject({ status: "ok", httpStatus: 200, validators: { etag: '"v1"' } });
    expect(last().headers["user-agent"]).toMatch(/^geneva-watch\//);
    const second = await fetchFeed(`${srv.url}/cond`, { etag: '"v1"', lastModified: "Tue, 17 Feb 2026 10:00:00 GMT" }, opts);
    expect(second).toMatchObject({ status: "not-modified", httpStatus: 304 });
    expect(last().headers["if-none-match"]).toBe('"v1"');
    expect(last().headers["if-modified-since"]).toBeUndefined();
  });

  it("falls back to If-Modified-Since without an ETag", async () => {
    srv.routes.set("/lm", staticFeed(doc, { lastModified: "Tue, 17 Feb 2026 10:00:00 GMT" }));
    const r = await fetchFeed(`${srv.url}/lm`, { etag: null, lastModified: "Tue, 17 Feb 2026 10:00:00 GMT" }, opts);
    expect(r.status).toBe("not-modified");
    expect(last().headers["if-modified-since"]).toBe("Tue, 17 Feb 2026 10:00:00 GMT");
  });

  it("decodes gzip, deflate, br, and gzip bytes sent without Content-Encoding", async () => {
    srv.routes.set("/gz", staticFeed(gzipSync(doc), { headers: { "content-encoding": "gzip" } }));
    srv.routes.set("/df", staticFeed(deflateSync(doc), { headers: { "content-encoding": "deflate" } }));
    srv.routes.set("/br", staticFeed(brotliCompressSync(doc), { headers: { "content-encoding": "br" } }));
    srv.routes.set("/gz-raw", staticFeed(gzipSync(doc)));
    for (const path of ["/gz", "/df", "/br", "/gz-raw"]) {
      const r = await fetchFeed(`${srv.url}${path}`, none, opts);
      expect(r.status === "ok" && Buffer.from(r.body).toString("utf8")).toBe(doc);
    }
    expect(last().headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("aborts a body over the cap, streamed or declared, and a gzip bomb", async () => {
    let wrote = 0;
    srv.routes.set("/huge", (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const pump = () => {
        while (wrote < 50 * 1024 * 1024 && !res.destroyed) {
          wrote += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", () => {});
      pump();
    });
    srv.routes.set("/declared", staticFeed(Buffer.alloc(100 * 1024, 0x20)));
    srv.routes.set("/bomb", staticFeed(gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20)), { headers: { "content-encoding": "gzip" } }));
    for (const path of ["/huge", "/declared", "/bomb"]) {
      const r = await fetchFeed(`${srv.url}${path}`, none, opts);
      expect(r).toMatchObject({ status: "error", error: expect.stringMatching(/over the 65536-byte cap/) });
    }
    expect(wrote).toBeLessThan(50 * 1024 * 1024);
  });

  it("gives up on a server that stalls mid-body or never answers", async () => {
    srv.routes.set("/stall", (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.write("<rss version='2.0'><channel>");
    });
    srv.routes.set("/silent", () => {});
    const t0 = Date.now();
    expect(await fetchFeed(`${srv.url}/stall`, none, opts)).toMatchObject({ status: "error", error: "timed out after 800 ms in total" });
    expect(await fetchFeed(`${srv.url}/silent`, none, opts)).toMatchObject({ status: "error", error: "no response headers within 500 ms" });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it("detects a redirect loop and too many redirects", async () => {
    srv.routes.set("/loop-a", (_q, s) => void s.writeHead(302, { location: "/loop-b" }).end());
    srv.routes.set("/loop-b", (_q, s) => void s.writeHead(302, { location: "/loop-a" }).end());
    for (let i = 0; i < 7; i++) srv.routes.set(`/hop${i}`, (_q, s) => void s.writeHead(307, { location: `/hop${i + 1}` }).end());
    srv.routes.set("/hop7", staticFeed(doc));
    expect(await fetchFeed(`${srv.url}/loop-a`, none, opts)).toMatchObject({ status: "error", error: expect.stringMatching(/^redirect loop/) });
    expect(await fetchFeed(`${srv.url}/hop0`, none, opts)).toMatchObject({ status: "error", error: "too many redirects (more than 5)" });
    expect(await fetchFeed(`${srv.url}/hop3`, none, opts)).toMatchObject({ status: "ok" });
  });

  it("reports a feed moved by 301/308 chains, but not through a temporary hop", async () => {
    srv.routes.set("/old", (_q, s) => void s.writeHead(301, { location: "/older" }).end());
    srv.routes.set("/older", (_q, s) => void s.writeHead(308, { location: `${srv.url}/new` }).end());
    srv.routes.set("/temp", (_q, s) => void s.writeHead(302, { location: "/old" }).end());
    srv.routes.set("/new", staticFeed(doc));
    expect(await fetchFeed(`${srv.url}/old`, none, opts)).toMatchObject({ status: "ok", movedTo: `${srv.url}/new` });
    srv.routes.set("/gone-old", (_q, s) => void s.writeHead(301, { location: "/gone-new" }).end());
    const toError = await fetchFeed(`${srv.url}/gone-old`, none, opts);
    expect(toError).toMatchObject({ status: "error", httpStatus: 404, finalUrl: `${srv.url}/gone-new` });
    expect(toError.movedTo).toBeUndefined();
    const viaTemp = await fetchFeed(`${srv.url}/temp`, none, opts);
    expect(viaTemp).toMatchObject({ status: "ok", finalUrl: `${srv.url}/new` });
    expect(viaTemp.movedTo).toBeUndefined();
  });

  it.each([
    [429, "120", 120_000],
    [503, "Thu, 01 Jan 1970 00:10:00 GMT", 600_000],
  ])("honours Retry-After on %i", async (status, header, floor) => {
    srv.routes.set("/busy", (_q, s) => void s.writeHead(status, { "retry-after": header }).end());
    const r = await fetchFeed(`${srv.url}/busy`, none, { ...opts, now: () => 0 });
    expect(r).toMatchObject({ status: "error", httpStatus: status, floorMs: floor, error: expect.stringMatching(new RegExp(`^HTTP ${status}`)) });
  });

  it("returns Cache-Control max-age as a floor, and HTTP errors as values", async () => {
    srv.routes.set("/cached", staticFeed(doc, { headers: { "cache-control": "public, max-age=900" } }));
    expect(await fetchFeed(`${srv.url}/cached`, none, opts)).toMatchObject({ status: "ok", floorMs: 900_000 });
    expect(await fetchFeed(`${srv.url}/missing`, none, opts)).toMatchObject({ status: "error", httpStatus: 404, error: "HTTP 404 Not Found" });
    expect(await fetchFeed("http://127.0.0.1:9/", none, opts)).toMatchObject({ status: "error", error: expect.stringMatching(/^network error/) });
  });
});
