import type { Alert } from "../alert-payload.ts";
import type { Channel } from "./channel.ts";
import { postHttp } from "./post-http.ts";
import { webhookId } from "./webhook.ts";

/** Non-ASCII header values are RFC 2047 encoded (ntfy decodes them); fetch refuses raw ones. */
export function headerValue(s: string): string {
  // oxlint-disable-next-line no-control-regex
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, "utf8").toString("base64")}?=`;
}

/** The plain-text body: the line, and for a digest one line per development. */
export function ntfyBody(alert: Alert): string {
  const lines = alert.developments?.map((d) => `• ${d.headline} ${d.url}`.trim()) ?? [];
  return [alert.text, ...lines].join("\n");
}

/** An ntfy-style endpoint (https://ntfy.sh/<topic>): plain-text POST with Title, Tags and Click headers. */
export function createNtfyChannel(url: string, custom: Record<string, string> = {}): Channel {
  return {
    id: webhookId("ntfy", url),
    async deliver(alert, ctx) {
      const headers: Record<string, string> = {
        ...custom,
        "content-type": "text/plain; charset=utf-8",
        "idempotency-key": ctx.idempotencyKey,
        title: headerValue(alert.headline.slice(0, 200)),
      };
      if (alert.topics.length) headers.tags = alert.topics.join(",");
      if (alert.url) headers.click = alert.url;
      await postHttp(url, ntfyBody(alert), headers, ctx.signal);
    },
  };
}
