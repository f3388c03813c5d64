import type { ChaosReport } from "./run-chaos.ts";

/** The counts a chaos run prints: killed, restarted, items, lost, doubled, alerts. */
export function formatReport(r: ChaosReport): string {
  const k = r.killed;
  const kills = Object.values(k).reduce((a, b) => a + b, 0);
  const sample = (xs: string[]) => (xs.length ? ` e.g. ${xs.slice(0, 3).join(", ")}` : "");
  return [
    `killed      ${kills} (ingester ${k.ingester}, classifier ${k.classifier}, projector ${k.projector}, alerter ${k.alerter}, nats-server ${k["nats-server"]})`,
    `restarted   ${r.restarted} after kills, ${r.crashed} after exiting by themselves`,
    `items       ${r.items} served by well-behaved feeds; ${r.rows} rows in articles (${r.fromHostileFeeds} from the ${r.hostileFeeds} hostile feeds)`,
    `lost        ${r.lost.length}${sample(r.lost)}`,
    `doubled     ${r.doubled.length}${sample(r.doubled)}`,
    `developments ${r.developments}; alerted ${r.alertedDevelopments} in ${r.alertCalls} webhook calls`,
    `  not alerted           ${r.notAlerted.length}${sample(r.notAlerted)}`,
    `  alerted twice         ${r.doubledAlerts.length}${sample(r.doubledAlerts)}`,
    `  in-flight re-sends    ${r.inFlightDuplicates} (same Idempotency-Key: allowed)`,
    `  alerted ids lost ${r.alertedUnknown.length} (neither a development nor an alias of one)${sample(r.alertedUnknown)}; merged into another ${r.alertedMerged}`,
    `invalid events stored ${r.invalidEventsPublished}; dead-lettered ${r.deadLettered}`,
    `settled in ${(r.settledInMs / 1000).toFixed(1)} s; whole run ${(r.durationMs / 1000).toFixed(0)} s; seed ${r.seed}`,
    r.ok ? "chaos: OK, nothing lost, nothing doubled" : `chaos: FAILED${r.lost.length + r.doubled.length + r.notAlerted.length + r.doubledAlerts.length === 0 ? " (only by alerts of regrouped developments)" : ""}`,
  ].join("\n");
}
