/**
 * Labels kept apart from the text they label: a file of `{id, relevant,
 * topics}` lines whose text (title, summary, lang) lives in another file we
 * may read but not copy (the real feed items in ../shared). Joins them by id,
 * in the labels' order; the labels' fields win.
 */
export interface Joined {
  lines: string[];
  /** Label ids with no text line. */
  missing: string[];
}

export function joinLabels(labelLines: readonly string[], textLines: readonly string[]): Joined {
  const text = new Map<string, Record<string, unknown>>();
  for (const line of textLines) {
    if (!line.trim()) continue;
    const item = JSON.parse(line) as Record<string, unknown>;
    if (typeof item.id === "string") text.set(item.id, item);
  }
  const out: Joined = { lines: [], missing: [] };
  for (const line of labelLines) {
    if (!line.trim()) continue;
    const label = JSON.parse(line) as Record<string, unknown>;
    const item = typeof label.id === "string" ? text.get(label.id) : undefined;
    if (!item) out.missing.push(String(label.id));
    else out.lines.push(JSON.stringify({ ...item, ...label }));
  }
  return out;
}
