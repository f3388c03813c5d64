import type { ResultRow, Skipped } from "./metric.ts";

/**
 * The printed table: metric, value, unit, baseline, ratio, target. Numbers
 * get 3 significant digits at most (the machine is shared: ±30% noise makes
 * more digits a lie); rates above 1000 are rounded to integers.
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString("en-US");
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v === 0 ? "0" : v.toPrecision(2);
}

function targetCell(r: ResultRow): string {
  if (!r.target) return "";
  const t = `${r.target.op} ${formatNumber(r.target.value)}${r.target.unit ? ` ${r.target.unit}` : ""}`;
  return `${t} ${r.met ? "met" : "MISSED"}`;
}

function cells(r: ResultRow): string[] {
  const base = r.baseline ? `${formatNumber(r.baseline.value)} ${r.baseline.unit} (${r.baseline.name})` : "";
  const ratio = r.ratio === undefined ? "" : r.ratio >= 10 ? `${r.ratio.toFixed(0)}×` : `${r.ratio.toFixed(2)}×`;
  return [`${r.group}: ${r.name}`, formatNumber(r.value), r.unit, base, ratio, targetCell(r)];
}

/** A Markdown table (it reads fine in a terminal and pastes into the README). */
export function formatTable(rows: readonly ResultRow[], skipped: readonly Skipped[] = []): string {
  const head = ["metric", "value", "unit", "baseline", "ratio", "target"];
  const body = [...rows.map(cells), ...skipped.map((s) => [`${s.group}: skipped`, "", "", s.reason, "", ""])];
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cs: string[]) => `| ${cs.map((c, i) => (i === 1 || i === 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (i === 1 || i === 4 ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`;
  return [line(head), rule, ...body.map(line)].join("\n");
}

/** Notes printed under the table, one per metric that has one. */
export function formatNotes(rows: readonly ResultRow[]): string {
  return rows
    .filter((r) => r.note)
    .map((r) => `- ${r.group}: ${r.name}: ${r.note}`)
    .join("\n");
}
