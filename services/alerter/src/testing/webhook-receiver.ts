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
 * failed calls are counted, not recorded as received.
 */
export async function startWebhookReceiver(opts: { delayMs?: number } = {}) {
  const received: Received[] = [];
  const listeners = new Set<(r: Received) => void>();
  const failedAt: number[] = [];
  const state = { status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = () => {
        if (state.status >= 300) {
          failedAt.push(performance.now());
          res.writeHead(state.status).end("down");
          return;
        }
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // plain-text (ntfy-style) bodies stay strings
        }
        const r: Received = { key: String(req.headers["idempotency-key"] ?? ""), body, headers: req.headers, at: performance.now() };
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
