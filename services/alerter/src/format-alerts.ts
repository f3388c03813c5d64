import type { Alert } from "./alert-payload.ts";
import type { DeliveryRow, HealthRow } from "./ledger.ts";

export interface AlertSummary {
  alerts: Array<{
    alert_key: string;
    type: string;
    headline: string;
    url: string;
    created_at: string;
    channels: Array<{ channel: string; status: string; attempts: number; sent_at: string | null; last_error: string | null; digest: string | null }>;
  }>;
  channels: Array<{
    channel: string;
    state: "ok" | "retrying" | "failing";
    consecutive_failures: number;
    last_error: string | null;
    last_success_at: string | null;
    next_try_at: string | null;
    sent_total: number;
    failed_total: number;
    /** Alerts on this channel set aside as rejected now, waiting for `gw alerts retry`. */
    rejected: number;
    /** Rejections since the ledger began, re-sent ones included. */
    rejected_total: number;
  }>;
}

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

/** Groups ledger rows by alert (newest first) and adds each channel's health and its count of rows rejected now. */
export function summarizeAlerts(rows: readonly DeliveryRow[], health: readonly HealthRow[], rejectedNow: ReadonlyMap<string, number>, failingAfter: number): AlertSummary {
  const byKey = new Map<string, AlertSummary["alerts"][number]>();
  for (const r of rows) {
    let a = byKey.get(r.alertKey);
    if (!a) {
      const p = JSON.parse(r.payload) as Alert;
      a = { alert_key: r.alertKey, type: r.kind, headline: p.headline, url: p.url, created_at: iso(r.createdAt)!, channels: [] };
      byKey.set(r.alertKey, a);
    }
    a.channels.push({ channel: r.channel, status: r.status, attempts: r.attempts, sent_at: iso(r.sentAt), last_error: r.lastError, digest: r.digestKey });
  }
  const channels = health.map((h) => ({
    channel: h.channel,
    state: h.consecutiveFailures >= failingAfter ? ("failing" as const) : h.consecutiveFailures > 0 ? ("retrying" as const) : ("ok" as const),
    consecutive_failures: h.consecutiveFailures,
    last_error: h.lastError,
    last_success_at: iso(h.lastSuccessAt),
    next_try_at: h.consecutiveFailures ? iso(h.nextTryAt) : null,
    sent_total: h.sentTotal,
    failed_total: h.failedTotal,
    rejected: rejectedNow.get(h.channel) ?? 0,
    rejected_total: h.rejectedTotal,
  }));
  return { alerts: [...byKey.values()], channels };
}

export function formatAlerts(s: AlertSummary): string {
  const out: string[] = ["Channels:"];
  if (!s.channels.length) out.push("  (no deliveries yet)");
  for (const c of s.channels) {
    const err = c.last_error ? `; last error: ${c.last_error}` : "";
    const retry = c.next_try_at ? `; next try ${c.next_try_at}` : "";
    const rejected = c.rejected ? `, REJECTED ${c.rejected} (gw alerts retry)` : "";
    out.push(`  ${c.state.toUpperCase().padEnd(8)} ${c.channel}  sent ${c.sent_total}${rejected}, failed attempts ${c.failed_total}${err}${retry}`);
  }
  out.push("", "Recent alerts:");
  if (!s.alerts.length) out.push("  (none)");
  for (const a of s.alerts) {
    out.push(`  ${a.created_at}  ${a.type === "digest" ? "[digest] " : ""}${a.headline}`);
    for (const c of a.channels) {
      const extra = c.digest ? ` in ${c.digest}` : c.last_error ? ` (${c.attempts} attempts; ${c.last_error})` : "";
      // A rejected alert will not go out by itself: it shouts, with the receiver's reason.
      const status = c.status === "rejected" ? "REJECTED" : c.status;
      out.push(`      ${status.padEnd(9)} ${c.channel}${extra}`);
    }
  }
  return `${out.join("\n")}\n`;
}
