/**
 * Why a delivery failed, as the worker needs to know it:
 *
 * - `transient`: the channel is down or busy (no connection, a timeout, 5xx,
 *   408 Request Timeout, 425 Too Early, 429 Too Many Requests, an SMTP 4xx).
 *   Nothing is wrong with the alert: the channel backs off and retries it
 *   forever, and everything behind it waits, in order.
 * - `refused`: the receiver answered and refused THIS payload (any other 4xx,
 *   RFC 9110 §15.5: "the client seems to have erred"; an SMTP 5xx reply to the
 *   message itself). Retrying it unchanged will not help, so after a few
 *   attempts it is set aside (`rejected`) and the channel moves on.
 *
 * Refusals that are about the channel, not the payload, stay transient: 401,
 * 403 and 407 (credentials: every alert would be refused the same way), and an
 * SMTP server refusing the sender or recipients (EENVELOPE) or the login.
 * The worker adds one more guard for receivers that refuse everything.
 */
export type FailureKind = "transient" | "refused";

const CHANNEL_LEVEL_4XX = new Set([401, 403, 407, 408, 425, 429]);

export function classifyHttpStatus(status: number): FailureKind {
  return status >= 400 && status < 500 && !CHANNEL_LEVEL_4XX.has(status) ? "refused" : "transient";
}

/** nodemailer's error: `code` says which step failed, `responseCode` is the server's reply (none for its own size check). */
export function classifySmtpError(err: { code?: string; responseCode?: number }): FailureKind {
  if (err.code !== "EMESSAGE") return "transient";
  return err.responseCode === undefined || err.responseCode >= 500 ? "refused" : "transient";
}

/** nats.js refuses to publish a payload over the server's max_payload; anything else is the connection. */
export function classifyNatsError(err: { code?: string }): FailureKind {
  return err.code === "MAX_PAYLOAD_EXCEEDED" ? "refused" : "transient";
}

/** A thrown delivery error's kind: only a DeliveryError that says so is a refusal. */
export function classifyFailure(err: unknown): FailureKind {
  return (err as { kind?: unknown } | null)?.kind === "refused" ? "refused" : "transient";
}
