import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  key: string;
  body: unknown;
  headers: IncomingHttpHeaders;
  at: number;
}

/**
 * A local webhook receiver (node:http on port 0) that records every POST and
 * its Idempotency-Key. `status` can be switched to 500 to play a down webhook;
 * `statusFor(key)` answers per alert (a receiver that refuses one payload);
 * failed calls are counted and kept in `refused`, not recorded as received.
 * `refusalBody` writes a 4xx's body (one that echoes the request's path, as
 * Spring Boot's error JSON does).
 */
export async function startWebhookReceiver(opts: { delayMs?: number } = {}) {
  const received: Received[] = [];
  const listeners = new Set<(r: Received) => void>();
  const failedAt: number[] = [];
  const refused: Array<{ key: string; status: number; at: number }> = [];
  const state: {
    status: number;
    statusFor?: (key: string) => number | undefined;
    refusalBody?: (req: { path: string; key: string; status: number }) => string;
  } = { status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = () => {
        const key = String(req.headers["idempotency-key"] ?? "");
        const status = state.statusFor?.(key) ?? state.status;
        if (status >= 300) {
          failedAt.push(performance.now());
          refused.push({ key, status, at: performance.now() });
          const body = state.refusalBody?.({ path: req.url ?? "", key, status }) ?? `{"error":"no_text",\n"detail":"refused ${key}"}`;
          res.writeHead(status).end(status < 500 ? body : "down");
          return;
        }
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // plain-text (ntfy-style) bodies stay strings
        }
        const r: Received = { key, body, headers: req.headers, at: performance.now() };
        received.push(r);
        for (const l of listeners) l(r);
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      };
      if (opts.delayMs) setTimeout(reply, opts.delayMs);
      else reply();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    state,
    /** When each refused call came in (performance.now()). */
    failedAt,
    /** Each failed call: its Idempotency-Key and the status it got. */
    refused,
    get failedCalls() {
      return failedAt.length;
    },
    onReceive(l: (r: Received) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    keys: () => received.map((r) => r.key),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
