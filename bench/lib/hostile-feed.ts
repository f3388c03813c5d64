import type { ServerResponse } from "node:http";
import { mix } from "./generate-item.ts";
import { renderRss, type FeedWorld, type HostileKind } from "./feed-world.ts";

/**
 * Bodies of hostile feeds, the kinds the contract says must be contained:
 * malformed (truncated XML, an HTML page, bare `&` and unclosed tags, an
 * `<rss>` without a channel, binary junk), huge (over the ingester's body
 * cap), slow (a byte trickle that never finishes in time) and mis-encoded
 * (windows-1251 bytes declared as UTF-8, or UTF-8 declared as windows-1251).
 */

/** Cyrillic → windows-1251 (А..я are 0xC0..0xFF; the Ukrainian letters sit apart). */
const CP1251_EXTRA: Record<string, number> = { Ё: 0xa8, ё: 0xb8, Є: 0xaa, є: 0xba, І: 0xb2, і: 0xb3, Ї: 0xaf, ї: 0xbf, Ґ: 0xa5, ґ: 0xb4, "’": 0x92 };

export function encodeCp1251(s: string): Buffer {
  const out = Buffer.alloc(s.length);
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out[n++] = c < 0x80 ? c : c >= 0x410 && c <= 0x44f ? c - 0x410 + 0xc0 : (CP1251_EXTRA[ch] ?? 0x3f);
  }
  return out.subarray(0, n);
}

function malformed(world: FeedWorld, f: number, origin: string): Buffer {
  const rss = renderRss(world, f, origin);
  switch (mix(world.seed, f, 99) % 5) {
    case 0:
      return Buffer.from(rss.slice(0, Math.floor(rss.length * 0.6)));
    case 1:
      return Buffer.from("<!doctype html><html><head><title>Just a moment...</title></head><body><p>Checking your browser & cookies</p></body></html>");
    case 2:
      return Buffer.from(rss.replace(/&amp;/g, "&").replace(/<\/title>/, "").replace(/<\/item>/, "<item>"));
    case 3:
      return Buffer.from(`<?xml version="1.0"?><rss version="2.0"><item><title>orphan</title></item></rss>`);
    default:
      return Buffer.from(Array.from({ length: 4096 }, (_, i) => mix(f, i) & 0xff));
  }
}

let hugeBody: Buffer | undefined;
/** One item whose description alone is `bytes` long: only a body cap stops it. */
function huge(bytes: number): Buffer {
  if (!hugeBody || hugeBody.length < bytes) {
    const pad = "Geneva talks padding text. ".repeat(Math.ceil(bytes / 27));
    hugeBody = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Huge</title><link>http://huge.invalid/</link>` +
        `<item><title>Huge item about Geneva peace talks</title><link>http://huge.invalid/1</link><description>${pad}</description></item></channel></rss>`,
    );
  }
  return hugeBody;
}

function misencoded(world: FeedWorld, f: number, origin: string): Buffer {
  if (mix(world.seed, f, 98) % 2 === 0) return encodeCp1251(renderRss(world, f, origin, "UTF-8"));
  return Buffer.from(renderRss(world, f, origin, "windows-1251"), "utf8");
}

export interface HostileOptions {
  hugeBytes: number;
  /** How long a slow feed trickles before giving up (the client should have hung up long before). */
  slowMs: number;
}

/** Answers a request for a hostile feed. */
export function serveHostile(kind: HostileKind, world: FeedWorld, f: number, origin: string, res: ServerResponse, o: HostileOptions): void {
  const type = { "content-type": "application/rss+xml" };
  if (kind === "malformed") res.writeHead(200, type).end(malformed(world, f, origin));
  else if (kind === "huge") res.writeHead(200, type).end(huge(o.hugeBytes));
  else if (kind === "misencoded") res.writeHead(200, type).end(misencoded(world, f, origin));
  else serveSlow(world, f, origin, res, o.slowMs);
}

function serveSlow(world: FeedWorld, f: number, origin: string, res: ServerResponse, slowMs: number) {
  const body = Buffer.from(renderRss(world, f, origin));
  res.writeHead(200, { "content-type": "application/rss+xml" });
  let i = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    if (res.destroyed || Date.now() - started > slowMs || i >= body.length) {
      clearInterval(timer);
      res.end();
      return;
    }
    res.write(body.subarray(i, i + 16));
    i += 16;
  }, 250);
  res.on("close", () => clearInterval(timer));
}
