import { z } from "zod";
import { httpUrl } from "../http-url.ts";

/**
 * Alerter settings (config file key `alerter`). Webhook URLs from
 * GW_ALERT_WEBHOOK / `alertWebhooks` are plain JSON webhooks; `webhooks` here
 * adds more, or gives one of those URLs custom headers (an auth token: never logged).
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24h)");

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as Europe/Kyiv");

const headers = z.record(z.string(), z.string());

export const alerterSection = z
  .object({
    /** SQLite file for the delivery ledger; kept apart from the read model so a rebuild never touches it. */
    ledgerDb: z.string().min(1).optional(),
    /** One line per alert on stdout. */
    console: z.boolean().default(true),
    rules: z
      .object({
        /** Topic ids to alert on; empty = any relevant development. */
        topics: z.array(z.string().min(1)).default([]),
        /** Language codes (en, uk, ru); empty = any. A development of unknown language passes. */
        languages: z.array(z.string().min(1)).default([]),
        /** Distinct outlets a development needs before it alerts (reached via an update, it alerts then, once). */
        minOutlets: z.number().int().min(1).default(1),
        /** Also alert when an alerted development gains an outlet or a topic. */
        alertOnUpdates: z.boolean().default(false),
      })
      .strict()
      .default({ topics: [], languages: [], minOutlets: 1, alertOnUpdates: false }),
    webhooks: z.array(z.object({ url: httpUrl, headers: headers.optional() }).strict()).default([]),
    /** ntfy-style endpoints (https://ntfy.sh/<topic>): plain-text POST, Title/Tags/Click headers. */
    ntfy: z.array(z.object({ url: httpUrl, headers: headers.optional() }).strict()).default([]),
    /** Publish each alert on core NATS `alerts.<topic>` for other programs. */
    nats: z.boolean().default(true),
    email: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(587),
        secure: z.boolean().default(false),
        user: z.string().optional(),
        pass: z.string().optional(),
        from: z.string().min(3),
        to: z.array(z.string().min(3)).min(1),
      })
      .strict()
      .optional(),
    /**
     * Per channel: at most `max` alerts per window; the excess is folded into one digest.
     * Off (0) by default: the contract promises one `development.opened` alert per
     * development; a user who prefers digests to a flood turns it on.
     */
    rateLimit: z
      .object({ max: z.number().int().min(0).default(0), windowSeconds: z.number().positive().default(60) })
      .strict()
      .default({ max: 0, windowSeconds: 60 }),
    /** Hold alerts between start and end (local time of timeZone) and send one digest at the end. */
    quietHours: z.object({ start: hhmm, end: hhmm, timeZone: timeZone.default("UTC") }).strict().optional(),
    retry: z
      .object({
        baseMs: z.number().int().min(1).default(1000),
        maxMs: z.number().int().min(1).default(5 * 60_000),
        /** Consecutive failures after which a channel is reported as failing. */
        failingAfter: z.number().int().min(1).default(5),
      })
      .strict()
      .default({ baseMs: 1000, maxMs: 5 * 60_000, failingAfter: 5 }),
    deliveryTimeoutMs: z.number().int().min(100).default(10_000),
  })
  .strict();
export type AlerterConfig = z.infer<typeof alerterSection>;
