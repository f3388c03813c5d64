import { createServer, type Server } from "node:http";

export interface ReceivedCall {
  body: Record<string, unknown>;
  idempotencyKey: string | undefined;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  calls: ReceivedCall[];
  /** Answer with this status (e.g. 500 to play a broken endpoint). */
  status: number;
  server: Server;
  close(): Promise<void>;
}

/** A local webhook endpoint that records what it receives (demo, tests, benchmarks). */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const r: WebhookReceiver = { url: "", calls: [], status: 200, server: undefined as unknown as Server, close: async () => {} };
  r.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (r.status < 300) {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
        } catch {
          body = { raw: Buffer.concat(chunks).toString("utf8") };
        }
        const key = req.headers["idempotency-key"];
        r.calls.push({ body, idempotencyKey: Array.isArray(key) ? key[0] : key, at: Date.now() });
      }
      res.writeHead(r.status).end();
    });
  });
  await new Promise<void>((res) => r.server.listen(port, "127.0.0.1", () => res()));
  const addr = r.server.address();
  r.url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : port}/hook`;
  r.close = () => new Promise((res) => r.server.close(() => res()));
  return r;
}
