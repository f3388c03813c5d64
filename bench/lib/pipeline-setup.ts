import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The files a whole-pipeline run needs in its own temp directory: the feed
 * list, a GW_CONFIG file, and the environment for `gw run <service>`.
 * Settings chosen for a bench on loopback: no console alerts, no HTTP API,
 * no alert rate limit (a digest would fold alerts we count one by one).
 */
export interface PipelineOptions {
  dir: string;
  natsUrl: string;
  feedUrls: readonly string[];
  webhookUrl: string;
  pollIntervalSeconds: number;
  /** JetStream ack wait: low in chaos runs so a killed consumer's messages come back quickly. */
  ackWaitMs?: number;
  ingester?: Record<string, unknown>;
  alerter?: Record<string, unknown>;
  logLevel?: string;
}

export interface Pipeline {
  env: Record<string, string>;
  db: string;
  stateDb: string;
  ledgerDb: string;
}

export function writePipelineConfig(o: PipelineOptions): Pipeline {
  const p = (f: string) => join(o.dir, f);
  writeFileSync(p("feeds.txt"), `${o.feedUrls.join("\n")}\n`);
  const config = {
    dataDir: o.dir,
    stream: { ackWaitMs: o.ackWaitMs ?? 30_000, replicas: 1 },
    ingester: { stateDb: p("ingester.db"), ...o.ingester },
    projector: { httpPort: -1 },
    alerter: {
      ledgerDb: p("alerter.db"),
      console: false,
      rateLimit: { max: 0, windowSeconds: 60 },
      retry: { baseMs: 200, maxMs: 2000, failingAfter: 5 },
      ...o.alerter,
    },
  };
  writeFileSync(p("config.json"), JSON.stringify(config, null, 2));
  return {
    env: {
      GW_CONFIG: p("config.json"),
      NATS_URL: o.natsUrl,
      GW_DB: p("geneva-watch.db"),
      GW_FEEDS: p("feeds.txt"),
      GW_POLL_INTERVAL: String(o.pollIntervalSeconds),
      GW_ALERT_WEBHOOK: o.webhookUrl,
      LOG_LEVEL: o.logLevel ?? "warn",
    },
    db: p("geneva-watch.db"),
    stateDb: p("ingester.db"),
    ledgerDb: p("alerter.db"),
  };
}
