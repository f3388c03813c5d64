/**
 * Whether a development event raises an alert on a channel, given what that
 * channel already announced about the development (from the ledger).
 *
 * - A development alerts the first time it matches the rules (topics,
 *   languages, minimum outlets), whether that happens on `opened` or on a later
 *   `updated`; its alert key is the development id, so it can alert only once.
 * - Later events alert again only with `alertOnUpdates`, and only when they
 *   add an outlet or a topic beyond everything already announced; their key is
 *   derived from that content, so re-emitted events (redelivery, rebuild,
 *   reclassification) find their key taken and send nothing.
 */
import { stableId, type DevelopmentData } from "@gw/events";
import type { AlerterConfig } from "@gw/config";
import { buildAlert, type Alert } from "./alert-payload.ts";

export type AlertRules = AlerterConfig["rules"];

export interface PriorAlert {
  sourceCount: number;
  topics: readonly string[];
}

export interface AlertDecision {
  alertKey: string;
  kind: "development.opened" | "development.updated";
  alert: Alert;
}

export function matchesRules(d: DevelopmentData, rules: AlertRules): boolean {
  if (d.source_count < rules.minOutlets) return false;
  if (rules.topics.length && !d.topics.some((t) => rules.topics.includes(t))) return false;
  if (rules.languages.length && d.langs?.length && !d.langs.some((l) => rules.languages.includes(l))) return false;
  return true;
}

export function decideAlert(d: DevelopmentData, prior: readonly PriorAlert[], rules: AlertRules): AlertDecision | null {
  if (!matchesRules(d, rules)) return null;
  if (prior.length === 0) {
    return { alertKey: d.development_id, kind: "development.opened", alert: buildAlert(d, "development.opened") };
  }
  if (!rules.alertOnUpdates) return null;
  const maxSources = Math.max(...prior.map((p) => p.sourceCount));
  const announced = new Set(prior.flatMap((p) => p.topics));
  const newOutlet = d.source_count > maxSources;
  const newTopic = d.topics.some((t) => !announced.has(t));
  if (!newOutlet && !newTopic) return null;
  return { alertKey: updateKey(d), kind: "development.updated", alert: buildAlert(d, "development.updated") };
}

export function updateKey(d: DevelopmentData): string {
  return `${d.development_id}.u${d.source_count}.${stableId(...[...d.topics].sort()).slice(0, 8)}`;
}
