import { DeliveryError } from "./channel.ts";

/** POSTs a body; any non-2xx status is a DeliveryError (and retried by the worker). */
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
  // Drain the body so the connection can be reused.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}`, { status: res.status });
}
