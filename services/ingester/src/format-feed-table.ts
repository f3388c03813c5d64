import type { FeedRow } from "./state/feed-store.ts";

/** Relative time for humans: "3m ago", "in 2h", "-" for never. */
export function relativeTime(t: number | null, now: number): string {
  if (!t) return "-";
  const d = Math.round((t - now) / 1000);
  const a = Math.abs(d);
  const s = a < 60 ? `${a}s` : a < 3600 ? `${Math.round(a / 60)}m` : a < 172_800 ? `${Math.round(a / 3600)}h` : `${Math.round(a / 86_400)}d`;
  return d < 0 ? `${s} ago` : `in ${s}`;
}

/** The `gw feeds list` table: health first, so a failing feed is easy to spot. */
export function formatFeedTable(rows: readonly FeedRow[], now: number): string {
  const header = ["URL", "TITLE", "LAST STATUS", "LAST SUCCESS", "FAILS", "NEXT POLL", "ITEMS"];
  const cells = rows.map((f) => [
    f.url,
    f.title.length > 30 ? `${f.title.slice(0, 29)}…` : f.title,
    f.lastStatus === "error" ? `error: ${(f.lastError ?? "").slice(0, 60)}` : (f.lastStatus ?? "never polled") + (f.active ? "" : " (not in list)"),
    relativeTime(f.lastSuccessAt, now),
    String(f.consecutiveFailures),
    f.active ? relativeTime(f.nextPollAt, now) : "-",
    String(f.itemCount),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join("  ").trimEnd();
  return `${[header, ...cells].map(line).join("\n")}\n${rows.length} feed(s)\n`;
}
