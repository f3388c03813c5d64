/**
 * The one shape every benchmark returns. A metric is compared to the raw
 * limit it is built on (its baseline), measured in the same run on the same
 * machine, so ratios stay meaningful when the machine changes.
 */
export interface Baseline {
  name: string;
  value: number;
  unit: string;
}

export interface Metric {
  name: string;
  value: number;
  unit: string;
  baseline?: Baseline;
  /** A goal from the issue: `value` must be below (`<`) or at least (`>=`) `target.value`. */
  target?: { op: "<" | ">="; value: number; unit?: string };
  /** Where the time goes, or why a figure is what it is. */
  note?: string;
}

/** One row of the results: a metric, or a benchmark that did not run and why. */
export interface ResultRow extends Metric {
  group: string;
  ratio?: number;
  met?: boolean;
}

export interface Skipped {
  group: string;
  reason: string;
}

/** value / baseline when they measure the same thing: equal units, or two rates (articles/s against msgs/s). */
export function ratioOf(m: Metric): number | undefined {
  const comparable = m.baseline && (m.baseline.unit === m.unit || (m.baseline.unit.endsWith("/s") && m.unit.endsWith("/s")));
  if (!m.baseline || !comparable || m.baseline.value === 0) return undefined;
  return m.value / m.baseline.value;
}

export function targetMet(m: Metric): boolean | undefined {
  if (!m.target) return undefined;
  return m.target.op === "<" ? m.value < m.target.value : m.value >= m.target.value;
}

export function toRow(group: string, m: Metric): ResultRow {
  const ratio = ratioOf(m);
  const met = targetMet(m);
  return { group, ...m, ...(ratio === undefined ? {} : { ratio }), ...(met === undefined ? {} : { met }) };
}

/** Rates and durations over a measured span. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
