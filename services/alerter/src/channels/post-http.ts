import { DeliveryError } from "./channel.ts";
import { classifyHttpStatus } from "./classify-failure.ts";

const EXCERPT = 120;

/** Parts of a path or query this long may be a token (Slack's are 24 characters, Discord's 68); shorter ones are words like `hooks`. */
const SECRET_MIN = 8;

/**
 * What of a hook's URL its receiver may echo in an error body (Spring Boot's
 * `"path":"/hooks/<secret>"`, the URL itself, JSON-escaped or percent-decoded,
 * a token alone): the whole URL, its path and query, and their long parts,
 * longest first. The host may stay: the channel id shows it anyway.
 */
function urlSecrets(url: string): string[] {
  const u = new URL(url);
  const whole = [u.href, u.pathname + u.search, u.pathname, u.search.slice(1)].filter((p) => p.length > 1);
  const long = [...u.pathname.split("/"), ...u.searchParams.values()].filter((p) => p.length >= SECRET_MIN);
  const variants = [...whole, ...long].flatMap((p) => [p, p.replaceAll("/", "\\/"), safeDecode(p)]);
  return [...new Set(variants)].sort((a, b) => b.length - a.length);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A receiver's error body, one line and short, without the hook's URL: it says what it did not like (Slack: `invalid_payload`). */
export function bodyExcerpt(text: string, url: string): string {
  let redacted = text;
  for (const secret of urlSecrets(url)) redacted = redacted.replaceAll(secret, "…");
  // oxlint-disable-next-line no-control-regex
  const line = redacted.replace(/[\x00-\x1f\x7f\s]+/g, " ").trim();
  return line.length > EXCERPT ? `${line.slice(0, EXCERPT - 1)}…` : line;
}

/**
 * POSTs a body; any non-2xx status is a DeliveryError, classified by its status.
 * A 4xx keeps an excerpt of the body (why the receiver refused), the URL taken
 * out of it; a 5xx only its status (an error page says nothing about the alert).
 */
export async function postHttp(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", body, headers, signal, redirect: "error" });
  } catch (err) {
    // The cause (ECONNREFUSED, ENOTFOUND, …) names at most host and port, never the path.
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === "TimeoutError" ? "timed out" : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new DeliveryError(`POST failed: ${why}`, { cause: err });
  }
  // Read the body either way, so the connection can be reused.
  const text = await res.text().catch(() => "");
  if (res.ok) return;
  const excerpt = res.status < 500 ? bodyExcerpt(text, url) : "";
  throw new DeliveryError(`HTTP ${res.status}${excerpt ? `: ${excerpt}` : ""}`, { status: res.status, kind: classifyHttpStatus(res.status) });
}
