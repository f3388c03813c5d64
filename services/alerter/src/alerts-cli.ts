/**
 * `gw alerts list [--limit N] [--json]`: the recent alerts with their delivery
 * status on each channel, and each channel's health.
 * `gw alerts test`: sends a test alert to every configured channel, directly
 * (not through the ledger or the rate limit), and says which worked.
 * `gw alerts retry [--channel C] [<development_id>]`: puts alerts a receiver
 * rejected back in their channel's queue; the alerter re-sends them with the
 * same Idempotency-Key (a running one within a few seconds).
 */
import { existsSync } from "node:fs";
import { connect, type NatsConnection } from "nats";
import { loadConfig } from "@gw/config";
import { testAlert } from "./alert-payload.ts";
import { describeError, idempotencyKey } from "./channels/channel.ts";
import { createChannels } from "./channels/create-channels.ts";
import { formatAlerts, summarizeAlerts } from "./format-alerts.ts";
import { createLedger } from "./ledger.ts";
import { ledgerPath } from "./open-ledger.ts";

const USAGE = "usage: gw alerts list [--limit N] [--json] | gw alerts test | gw alerts retry [--channel C] [<development_id>]\n";

export async function alertsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "list") return listCommand(rest);
  if (sub === "test") return testCommand();
  if (sub === "retry") return retryCommand(rest);
  process.stderr.write(USAGE);
  return 2;
}

function listCommand(args: string[]): number {
  const json = args.includes("--json");
  const i = args.indexOf("--limit");
  const limit = i >= 0 ? Number(args[i + 1]) : 20;
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write(`--limit must be a positive integer\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const file = ledgerPath(config);
  if (!existsSync(file)) {
    process.stdout.write(json ? `${JSON.stringify({ alerts: [], channels: [] })}\n` : `no alerts yet (no ledger at ${file})\n`);
    return 0;
  }
  const ledger = createLedger(file);
  try {
    const summary = summarizeAlerts(ledger.recent(limit), ledger.allHealth(), ledger.rejectedNow(), config.alerter.retry.failingAfter);
    process.stdout.write(json ? `${JSON.stringify(summary, null, 2)}\n` : formatAlerts(summary));
  } finally {
    ledger.close();
  }
  return 0;
}

function retryCommand(args: string[]): number {
  const filter: { channel?: string; developmentId?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--channel" && args[i + 1]) filter.channel = args[++i]!;
    else if (!a.startsWith("-") && !filter.developmentId) filter.developmentId = a;
    else {
      process.stderr.write(`unexpected argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  const file = ledgerPath(loadConfig());
  if (!existsSync(file)) {
    process.stdout.write(`nothing to retry (no ledger at ${file})\n`);
    return 0;
  }
  const ledger = createLedger(file);
  try {
    const rows = ledger.requeueRejected(filter, Date.now());
    for (const r of rows) process.stdout.write(`re-queued  ${r.alertKey}  ${r.channel}  (was: ${r.lastError ?? "rejected"})\n`);
    process.stdout.write(rows.length ? `${rows.length} rejected alert(s) re-queued\n` : "no rejected alerts match\n");
  } finally {
    ledger.close();
  }
  return 0;
}

async function testCommand(): Promise<number> {
  const config = loadConfig();
  let nc: NatsConnection | undefined;
  if (config.natsUrl && config.alerter.nats) {
    nc = await connect({ servers: config.natsUrl, timeout: 5000 }).catch((err: unknown) => {
      process.stderr.write(`NATS at ${config.natsUrl} unreachable (${(err as Error).message}): skipping the NATS channel\n`);
      return undefined;
    });
  }
  const channels = createChannels(config, nc ? { nc } : {});
  const alert = testAlert(new Date());
  let failed = 0;
  for (const c of channels) {
    try {
      await c.deliver(alert, { idempotencyKey: idempotencyKey(alert.development_id, c.id), signal: AbortSignal.timeout(config.alerter.deliveryTimeoutMs) });
      process.stdout.write(`ok      ${c.id}\n`);
    } catch (err) {
      failed++;
      process.stdout.write(`FAILED  ${c.id}: ${describeError(err)}\n`);
    }
    await c.close?.();
  }
  await nc?.drain();
  if (!channels.length) process.stdout.write("no channels configured\n");
  return failed ? 1 : 0;
}
