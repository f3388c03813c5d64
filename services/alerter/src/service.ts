import { z } from "zod";
import { runConsumerLoop, type ServiceContext, type ServiceRunner } from "@gw/bus";
import { DEVELOPMENT_SUBJECTS, developmentOpened, developmentUpdated } from "@gw/events";
import type { Channel } from "./channels/channel.ts";
import { createChannels } from "./channels/create-channels.ts";
import { startDeliveryWorker } from "./delivery-worker.ts";
import { createLedger } from "./ledger.ts";
import { ledgerPath } from "./open-ledger.ts";

const developmentEvent = z.discriminatedUnion("type", [developmentOpened, developmentUpdated]);
const ACCEPT = new Set(["development.opened", "development.updated"]);

export interface AlerterOptions {
  /** Channels to use instead of the configured ones (tests, benchmarks). */
  channels?: Channel[];
  onSent?: (channel: string, alertKey: string) => void;
  /** How often idle workers look for re-queued rows (tests shorten it). */
  idlePollMs?: number;
}

/**
 * The alerter: the consumer loop only records what each channel owes in the
 * ledger (durably, before the ack) and wakes the channel workers; delivery,
 * retries and flood control happen in the workers. So a down webhook never
 * holds back the stream, the other channels or the ack, and a restart resumes
 * from the ledger.
 */
export async function runAlerterWith(ctx: ServiceContext, opts: AlerterOptions = {}): Promise<void> {
  const { config, logger, bus, signal } = ctx;
  const now = () => (ctx.now ? ctx.now().getTime() : Date.now());
  const ledger = createLedger(ledgerPath(config));
  const channels = opts.channels ?? createChannels(config, { nc: bus.nc });
  logger.info({ channels: channels.map((c) => c.id), ledger: ledgerPath(config) }, "alerter channels");
  const workers = channels.map((channel) =>
    startDeliveryWorker({
      channel,
      ledger,
      config: config.alerter,
      logger,
      signal,
      now,
      ...(opts.idlePollMs ? { idlePollMs: opts.idlePollMs } : {}),
      ...(opts.onSent ? { onSent: (key: string) => opts.onSent?.(channel.id, key) } : {}),
    }),
  );
  const ids = channels.map((c) => c.id);
  try {
    await runConsumerLoop({
      js: bus.js,
      jsm: bus.jsm,
      logger,
      durable: "alerter",
      filterSubject: DEVELOPMENT_SUBJECTS,
      schema: developmentEvent,
      acceptTypes: ACCEPT,
      signal,
      ackWaitMs: config.stream.ackWaitMs,
      handle: async (batch) => {
        const added = ledger.recordEvents(batch.map((b) => b.event.data), ids, config.alerter.rules, now());
        for (const [i, w] of workers.entries()) if (added.get(ids[i]!)) w.wake();
      },
    });
  } finally {
    await Promise.allSettled(workers.map((w) => w.done));
    await Promise.allSettled(channels.map(async (c) => c.close?.()));
    ledger.close();
  }
}

export const runAlerter: ServiceRunner = (ctx) => runAlerterWith(ctx);
