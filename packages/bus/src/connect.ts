import { connect, type NatsConnection, type JetStreamClient, type JetStreamManager } from "nats";
import type { Logger } from "pino";

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  close(): Promise<void>;
}

export class BusConnectError extends Error {
  override name = "BusConnectError";
}

/** Connects and keeps reconnecting forever: a restarted nats-server is waited for, not fatal. */
export async function connectBus(url: string, name: string, logger: Logger): Promise<Bus> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: url,
      name,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
      timeout: 10_000,
    });
  } catch (err) {
    throw new BusConnectError(`cannot connect to NATS at ${url}: ${(err as Error).message}`, { cause: err });
  }
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === "disconnect" || s.type === "reconnect") logger.warn({ nats: s.type, data: s.data }, `nats ${s.type}`);
    }
  })();
  const jsm = await nc.jetstreamManager({ timeout: 10_000 });
  const js = nc.jetstream({ timeout: 10_000 });
  return {
    nc,
    js,
    jsm,
    async close() {
      if (nc.isClosed()) return;
      await nc.drain().catch(() => nc.close());
    },
  };
}
