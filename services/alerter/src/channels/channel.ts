import type { Alert } from "../alert-payload.ts";
import type { FailureKind } from "./classify-failure.ts";

/** The contract's `Idempotency-Key`: `<development_id>:<channel>` for a development's alert. */
export function idempotencyKey(alertKey: string, channelId: string): string {
  return `${alertKey}:${channelId}`;
}

export interface DeliveryContext {
  /** `<alert key>:<channel id>`; for a development's alert, `<development_id>:<channel>`. */
  idempotencyKey: string;
  /** Aborts a delivery that takes too long. */
  signal: AbortSignal;
}

/**
 * One place alerts go. `id` is stable across restarts (it is in the ledger and
 * in the Idempotency-Key) and holds no secret; `deliver` resolves once the
 * receiver accepted the alert and throws a DeliveryError otherwise.
 */
export interface Channel {
  id: string;
  deliver(alert: Alert, ctx: DeliveryContext): Promise<void>;
  close?(): Promise<void>;
}

/** `kind` is the channel's verdict (classify-failure.ts): `refused` only when the receiver refused this payload. */
export class DeliveryError extends Error {
  override name = "DeliveryError";
  readonly status: number | undefined;
  readonly kind: FailureKind;
  constructor(message: string, opts: { status?: number; cause?: unknown; kind?: FailureKind } = {}) {
    super(message, { cause: opts.cause });
    this.status = opts.status;
    this.kind = opts.kind ?? "transient";
  }
}

/** A message for logs and the ledger: never the URL's path or query (they can hold tokens) nor headers. */
export function describeError(err: unknown): string {
  if (err instanceof DeliveryError) return err.message;
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "timed out";
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(err)}${cause ? ` (${cause})` : ""}`.slice(0, 300);
}
