/**
 * Quiet hours: a daily window, in a time zone, during which alerts are held and
 * then sent as one digest when it ends. start == end means no window. A window
 * may cross midnight (22:00–07:00). Computed on local wall-clock minutes, so on
 * a DST change day the end can be off by the shift (an hour early or late).
 */
export interface QuietHours {
  start: string;
  end: string;
  timeZone: string;
}

export type QuietState = { quiet: false } | { quiet: true; endsAt: number };

const formats = new Map<string, Intl.DateTimeFormat>();

function localMinutes(now: number, timeZone: string): { minutes: number; msIntoMinute: number } {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formats.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(now));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { minutes: get("hour") * 60 + get("minute"), msIntoMinute: now % 60_000 };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function quietState(now: number, q: QuietHours | undefined): QuietState {
  if (!q) return { quiet: false };
  const start = toMinutes(q.start);
  const end = toMinutes(q.end);
  if (start === end) return { quiet: false };
  const { minutes, msIntoMinute } = localMinutes(now, q.timeZone);
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return { quiet: false };
  const left = (end - minutes + 1440) % 1440;
  return { quiet: true, endsAt: now - msIntoMinute + left * 60_000 };
}
