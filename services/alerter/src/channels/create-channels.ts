import type { NatsConnection } from "nats";
import type { Config } from "@gw/config";
import type { Channel } from "./channel.ts";
import { createConsoleChannel } from "./console.ts";
import { createEmailChannel } from "./email.ts";
import { createNatsChannel } from "./nats.ts";
import { createNtfyChannel } from "./ntfy.ts";
import { createWebhookChannel } from "./webhook.ts";

export interface ChannelDeps {
  nc?: NatsConnection;
  write?: (line: string) => void;
}

/**
 * The configured channels. Webhooks are the union of GW_ALERT_WEBHOOK /
 * `alertWebhooks` and `alerter.webhooks` (which may add headers to one of them).
 */
export function createChannels(config: Pick<Config, "alertWebhooks" | "alerter">, deps: ChannelDeps = {}): Channel[] {
  const a = config.alerter;
  const channels: Channel[] = [];
  if (a.console) channels.push(createConsoleChannel(deps.write));
  const hooks = new Map<string, Record<string, string>>();
  for (const url of config.alertWebhooks) hooks.set(url, {});
  for (const w of a.webhooks) hooks.set(w.url, w.headers ?? {});
  for (const [url, headers] of hooks) channels.push(createWebhookChannel(url, headers));
  for (const n of a.ntfy) channels.push(createNtfyChannel(n.url, n.headers));
  if (a.nats && deps.nc) channels.push(createNatsChannel(deps.nc));
  if (a.email) channels.push(createEmailChannel(a.email));
  const seen = new Set<string>();
  return channels.filter((c) => !seen.has(c.id) && seen.add(c.id));
}
