import { createTransport } from "nodemailer";
import { stableId } from "@gw/events";
import type { AlerterConfig } from "@gw/config";
import type { Alert } from "../alert-payload.ts";
import { DeliveryError, type Channel } from "./channel.ts";
import { classifySmtpError } from "./classify-failure.ts";

export type EmailConfig = NonNullable<AlerterConfig["email"]>;

export function emailBody(alert: Alert): string {
  const lines = [alert.text, ""];
  if (alert.url && alert.type !== "digest") lines.push(alert.url);
  for (const d of alert.developments ?? []) lines.push(`- ${d.headline} (${d.source})`, `  ${d.url}`);
  if (alert.topics.length) lines.push("", `Topics: ${alert.topics.join(", ")}`);
  return `${lines.join("\n")}\n`;
}

/**
 * Email through SMTP (nodemailer). The Message-ID is derived from the
 * Idempotency-Key, so a re-sent alert is the same message to mail clients.
 */
export function createEmailChannel(c: EmailConfig): Channel {
  const transport = createTransport({
    host: c.host,
    port: c.port,
    secure: c.secure,
    ...(c.user ? { auth: { user: c.user, pass: c.pass ?? "" } } : {}),
    connectionTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    id: `email:${[...c.to].sort().join(",")}`,
    async deliver(alert, ctx) {
      const send = transport.sendMail({
        from: c.from,
        to: c.to,
        subject: `[geneva-watch] ${alert.headline}`,
        text: emailBody(alert),
        messageId: `<${stableId(ctx.idempotencyKey)}@geneva-watch>`,
        headers: { "Idempotency-Key": ctx.idempotencyKey },
      });
      const aborted = new Promise<never>((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("timed out")), { once: true }));
      try {
        await Promise.race([send, aborted]);
      } catch (err) {
        const e = err as { code?: string; responseCode?: number };
        const kind = classifySmtpError(e);
        throw new DeliveryError(`SMTP: ${(err as Error).message}`.slice(0, 300), { cause: err, kind, ...(e.responseCode ? { status: e.responseCode } : {}) });
      }
    },
    async close() {
      transport.close();
    },
  };
}
