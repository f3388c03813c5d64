/**
 * `pnpm chaos [--feeds 500] [--items 20] [--kills 24] [--seed N] [--hostile 0.1]`:
 * the full chaos run. Prints the counts and exits non-zero on any lost or
 * doubled article, any development not alerted, or any alert doubled
 * (in-flight re-sends with the same Idempotency-Key are counted apart).
 */
import { parseArgs } from "node:util";
import { formatReport } from "./format-report.ts";
import { runChaos } from "./run-chaos.ts";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      feeds: { type: "string", default: "500" },
      items: { type: "string", default: "20" },
      kills: { type: "string", default: "24" },
      seed: { type: "string" },
      hostile: { type: "string", default: "0.1" },
      interval: { type: "string", default: "3" },
    },
  });
  const seed = values.seed ? Number(values.seed) : Date.now() % 1_000_000;
  const report = await runChaos({
    feeds: Number(values.feeds),
    items: Number(values.items),
    kills: Number(values.kills),
    killGapMs: [1500, 5000],
    downMs: [100, 2500],
    hostileShare: Number(values.hostile),
    pollIntervalSeconds: Number(values.interval),
    ackWaitMs: 3000,
    seed,
    settleTimeoutMs: 180_000,
    log: (l) => process.stderr.write(`${l}\n`),
  });
  process.stdout.write(`${formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(2);
  },
);
