import { DeliveryError } from "./channel.ts";
import { classifyHttpStatus } from "./classify-failure.ts";

const EXCERPT = 120;

/** A receiver's error body, one line and short: it says what it did not like (Slack: `invalid_payload`). */
export function bodyExcerpt(text: string): string {
  // oxlint-disable-next-line no-control-regex
  const line = text.replace(/[\x00-\x1f\x7f\s]+/g, " ").trim();
  return line.length > EXCERPT ? `${line.slice(0, EXCERPT - 1)}…` : line;
}

/**
 * POSTs a body; any non-2xx status is a DeliveryError, classified by its status.
 * A 4xx keeps an excerpt of the body (why the receiver refused); a 5xx only its
 * status (an error page says nothing about the alert).
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
  const excerpt = res.status < 500 ? bodyExcerpt(text) : "";
  throw new DeliveryError(`HTTP ${res.status}${excerpt ? `: ${excerpt}` : ""}`, { status: res.status, kind: classifyHttpStatus(res.status) });
}
