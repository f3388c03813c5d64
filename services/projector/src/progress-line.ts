/**
 * One progress line on stderr, redrawn in place ("\r"): position, events/s,
 * ETA. At most four redraws a second; stdout stays clean for pipes.
 */
export function createProgress(out: NodeJS.WritableStream, endSeq: number, now: () => number = () => performance.now()) {
  const started = now();
  let lastDraw = 0;
  const draw = (seq: number, events: number, final: boolean) => {
    const secs = Math.max((now() - started) / 1000, 1e-3);
    const rate = events / secs;
    const pct = endSeq > 0 ? Math.min(100, (seq / endSeq) * 100) : 100;
    const eta = rate > 0 && endSeq > seq ? ((endSeq - seq) / Math.max(seq / secs, 1e-9)).toFixed(0) : "0";
    out.write(`\rrebuild: seq ${seq.toLocaleString("en")}/${endSeq.toLocaleString("en")} (${pct.toFixed(0)}%)  ${Math.round(rate).toLocaleString("en")} events/s  ETA ${eta}s   ${final ? "\n" : ""}`);
  };
  return {
    update(seq: number, events: number) {
      if (now() - lastDraw < 250) return;
      lastDraw = now();
      draw(seq, events, false);
    },
    done(events: number) {
      draw(endSeq, events, true);
    },
  };
}
