import { headers, type NatsConnection } from "nats";
import { alertSubject } from "@gw/events";
import type { Alert } from "../alert-payload.ts";
import { DeliveryError, type Channel } from "./channel.ts";
import { classifyNatsError } from "./classify-failure.ts";

/** Subjects an alert goes to: one per topic, so a program can follow `alerts.ceasefire` alone. */
export function alertSubjects(alert: Alert): string[] {
  if (alert.type === "digest" || alert.type === "test") return [alertSubject(alert.type)];
  return alert.topics.length ? alert.topics.map(alertSubject) : [alertSubject("general")];
}

/**
 * Core NATS publish (not stored) of the payload on `alerts.<topic>` for other
 * programs, with the Idempotency-Key header: a subscriber to `alerts.>` sees a
 * multi-topic alert once per topic and can drop repeats by that key.
 */
export function createNatsChannel(nc: NatsConnection): Channel {
  return {
    id: "nats:alerts",
    async deliver(alert, ctx) {
      const h = headers();
      h.set("Idempotency-Key", ctx.idempotencyKey);
      const body = new TextEncoder().encode(JSON.stringify(alert));
      try {
        for (const subject of alertSubjects(alert)) nc.publish(subject, body, { headers: h });
        await Promise.race([
          nc.flush(),
          new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("timed out")), { once: true })),
        ]);
      } catch (err) {
        throw new DeliveryError(`NATS publish failed: ${(err as Error).message}`, { cause: err, kind: classifyNatsError(err as { code?: string }) });
      }
    },
  };
}
