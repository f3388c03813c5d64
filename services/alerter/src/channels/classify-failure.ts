/**
 * Why a delivery failed, as the worker needs to know it:
 *
 * - `transient`: the channel is down or busy (no connection, a timeout, 5xx,
 *   408 Request Timeout, 425 Too Early, 429 Too Many Requests, an SMTP 4xx,
 *   and the 4xx about the channel listed below).
 *   Nothing is wrong with the alert: the channel backs off and retries it
 *   forever, and everything behind it waits, in order.
 * - `refused`: the receiver answered and refused THIS payload (any other 4xx,
 *   RFC 9110 §15.5: "the client seems to have erred"; an SMTP 5xx reply to the
 *   message itself). Retrying it unchanged will not help, so after a few
 *   attempts it is set aside (`rejected`) and the channel moves on.
 *
 * Refusals that are about the channel, not the payload, stay transient: every
 * alert would get the same answer, so its queue waits for the fix instead of
 * being rejected one by one (RFC 9110 §15.5):
 * - 401, 403, 407: credentials;
 * - 404, 410: no such hook (deleted, mistyped); 405: not a URL that takes a
 *   POST; 421: the connection reached the wrong server; 426: the server wants
 *   another protocol (TLS, HTTP/2) on this URL;
 * - 409: a re-send whose Idempotency-Key the receiver is still processing (the
 *   first try timed out on our side): retry unchanged, later
 *   (draft-ietf-httpapi-idempotency-key-header, "Error Scenarios");
 * - an SMTP server refusing the sender or recipients (EENVELOPE) or the login.
 * The worker adds one more guard for receivers that refuse everything.
 */
export type FailureKind = "transient" | "refused";

const CHANNEL_LEVEL_4XX = new Set([401, 403, 404, 405, 407, 408, 409, 410, 421, 425, 426, 429]);

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
