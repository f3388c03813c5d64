import { stableId } from "@gw/events";
import type { Channel } from "./channel.ts";
import { postHttp } from "./post-http.ts";

/** `webhook:<host>-<hash>`: stable for a URL, and without its path (Slack-style hooks keep their secret there). */
export function webhookId(kind: "webhook" | "ntfy", url: string): string {
  return `${kind}:${new URL(url).host}-${stableId(url).slice(0, 10)}`;
}

/**
 * A generic JSON webhook: POSTs the contract's payload (with `text` for
 * Slack/Mattermost/Discord-style hooks) and the Idempotency-Key header.
 * Custom headers (an auth token) are sent and never logged.
 */
export function createWebhookChannel(url: string, custom: Record<string, string> = {}): Channel {
  return {
    id: webhookId("webhook", url),
    async deliver(alert, ctx) {
      const headers = { ...custom, "content-type": "application/json", "user-agent": "geneva-watch", "idempotency-key": ctx.idempotencyKey };
      await postHttp(url, JSON.stringify(alert), headers, ctx.signal);
    },
  };
}
