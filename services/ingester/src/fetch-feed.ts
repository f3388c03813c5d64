/**
 * The HTTP edge: one conditional GET of a feed, with everything the real web
 * needs. Rules:
 * - If-None-Match when we hold an ETag, else If-Modified-Since (ETag is the
 *   stronger validator, RFC 9110 §13.1.3/§8.8.1);
 * - gzip/deflate/br accepted (the fetch implementation decodes);
 * - the body is capped while it downloads (readCappedBody);
 * - a headers timeout (connect + server think time) and a total timeout that
 *   also catches a server stalling mid-body;
 * - at most 5 redirects, a revisited URL is a loop; when every hop from the
 *   feed URL was permanent (301/308) and the new URL answered 2xx/304, the
 *   feed has moved (`movedTo`);
 * - Retry-After (429/503) and Cache-Control max-age come back as `floorMs`.
 * Expected outcomes are values; only programming errors throw.
 */
import { BodyTooLargeError, readCappedBody } from "./read-capped-body.ts";
import { parseMaxAge, parseRetryAfter } from "./next-poll.ts";

export const DEFAULT_USER_AGENT = "geneva-watch/0.1 (news feed monitor for the Russia-Ukraine talks; polite conditional GETs)";
const ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface FetchFeedOptions {
  fetch?: typeof globalThis.fetch;
  userAgent?: string;
  bodyCapBytes: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxRedirects?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

interface Common {
  /** Where the chain ended; differs from the feed URL after any redirect. */
  finalUrl: string;
  /** Set when every hop was permanent: the feed's new URL. */
  movedTo?: string;
  /** A floor on the next poll from Retry-After or Cache-Control max-age. */
  floorMs?: number;
}

export type FetchResult =
  | (Common & { status: "ok"; httpStatus: number; body: Uint8Array; contentType: string | null; validators: Validators })
  | (Common & { status: "not-modified"; httpStatus: 304; validators: Validators })
  | (Common & { status: "error"; httpStatus?: number; error: string });

class TimeoutError extends Error {
  override name = "TimeoutError";
}

function networkMessage(err: unknown): string {
  const e = err as Error & { cause?: Error & { code?: string } };
  if (e instanceof TimeoutError || e?.cause instanceof TimeoutError) return (e instanceof TimeoutError ? e : e.cause!).message;
  const cause = e?.cause;
  return `network error: ${cause?.message ?? e?.message ?? String(err)}`.slice(0, 300);
}

export async function fetchFeed(url: string, validators: Validators, opts: FetchFeedOptions): Promise<FetchResult> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? Date.now;
  const ac = new AbortController();
  const onOuterAbort = () => ac.abort(new TimeoutError("aborted: the ingester is stopping"));
  opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
  const total = setTimeout(() => ac.abort(new TimeoutError(`timed out after ${opts.totalTimeoutMs} ms in total`)), opts.totalTimeoutMs);
  // fetch offers only gzip/deflate by default but decodes br too.
  const headers: Record<string, string> = { "user-agent": opts.userAgent ?? DEFAULT_USER_AGENT, accept: ACCEPT, "accept-encoding": "gzip, deflate, br" };
  // ETag wins over Last-Modified (RFC 9110 §13.1.3): send the stronger validator only.
  if (validators.etag) headers["if-none-match"] = validators.etag;
  else if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  const visited = new Set<string>();
  let current = url;
  let allPermanent = true;
  // A move is recorded only when the new URL actually served the feed (2xx/304), never towards an error.
  const common = (): Common => ({ finalUrl: current });
  const moved = (): Common => ({ finalUrl: current, ...(allPermanent && current !== url ? { movedTo: current } : {}) });
  try {
    for (let hop = 0; ; hop++) {
      visited.add(current);
      const headersTimer = setTimeout(() => ac.abort(new TimeoutError(`no response headers within ${opts.connectTimeoutMs} ms`)), opts.connectTimeoutMs);
      let res: Response;
      try {
        res = await doFetch(current, { headers, redirect: "manual", signal: ac.signal });
      } finally {
        clearTimeout(headersTimer);
      }
      if (REDIRECTS.has(res.status)) {
        await res.body?.cancel().catch(() => {});
        const location = res.headers.get("location");
        if (!location) return { ...common(), status: "error", httpStatus: res.status, error: `HTTP ${res.status} redirect without a Location` };
        const next = new URL(location, current).toString();
        if (visited.has(next)) return { ...common(), status: "error", httpStatus: res.status, error: `redirect loop: ${current} → ${next}` };
        if (hop + 1 > (opts.maxRedirects ?? 5)) return { ...common(), status: "error", httpStatus: res.status, error: `too many redirects (more than ${opts.maxRedirects ?? 5})` };
        if (res.status !== 301 && res.status !== 308) allPermanent = false;
        current = next;
        continue;
      }
      return await finish(res, moved(), opts, now());
    }
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { ...common(), status: "error", error: err.message };
    const reason = ac.signal.aborted ? ac.signal.reason : err;
    return { ...common(), status: "error", error: networkMessage(reason instanceof TimeoutError ? reason : err) };
  } finally {
    clearTimeout(total);
    opts.signal?.removeEventListener("abort", onOuterAbort);
  }
}

async function finish(res: Response, common: Common, opts: FetchFeedOptions, now: number): Promise<FetchResult> {
  const validators: Validators = { etag: res.headers.get("etag"), lastModified: res.headers.get("last-modified") };
  const maxAge = parseMaxAge(res.headers.get("cache-control"));
  if (res.status === 304) {
    await res.body?.cancel().catch(() => {});
    return { ...common, status: "not-modified", httpStatus: 304, validators, ...(maxAge ? { floorMs: maxAge } : {}) };
  }
  if (res.status < 200 || res.status > 299) {
    await res.body?.cancel().catch(() => {});
    const retryAfter = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get("retry-after"), now) : undefined;
    const hint = retryAfter !== undefined ? ` (Retry-After ${Math.round(retryAfter / 1000)} s)` : "";
    return { finalUrl: common.finalUrl, status: "error", httpStatus: res.status, error: `HTTP ${res.status} ${res.statusText}${hint}`.trim(), ...(retryAfter !== undefined ? { floorMs: retryAfter } : {}) };
  }
  const body = await readCappedBody(res, opts.bodyCapBytes);
  return { ...common, status: "ok", httpStatus: res.status, body, contentType: res.headers.get("content-type"), validators, ...(maxAge ? { floorMs: maxAge } : {}) };
}
