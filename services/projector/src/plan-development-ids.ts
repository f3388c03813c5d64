/**
 * Which public id each group carries after a regroup (pure). The grouping
 * names a group by its lead's article id, which moves when an earlier copy
 * arrives late; the public `development_id` must not move, because users were
 * alerted with it. Rules, applied once per classification event:
 *
 * - an old group's *heir* is the new group of its earliest remaining member
 *   (its lead, unless the lead left): the group that still tells its story;
 * - a group is heir to no id: it is a new story and gets a new id (opened);
 * - heir to one id: it keeps it, whatever its lead is now;
 * - heir to several (a late article joined two announced developments): it
 *   keeps the one opened first in stream order (ties: the smaller id), and
 *   the others become aliases of it, so an alerted id still finds its story.
 *
 * Everything here is a function of the read model before the event and the
 * event's seq, so replaying the same stream in the same order (a rebuild, a
 * restart after a crash) gives the same ids; another arrival order may give
 * the same groups other ids.
 */
import { stableId } from "@gw/events";
import { compareKey, developmentIdOf } from "./developments.ts";
import type { Regrouped } from "./regroup.ts";

export interface IdLookups {
  /** The public id of the group `leadId` led before this event. */
  idOfLead(leadId: string): string;
  /** Stream position where `id` was first written (announced_developments). */
  openedSeq(id: string): number;
  /** Whether `id` was ever given to a development. */
  isTaken(id: string): boolean;
}

export interface IdPlan {
  /** The public id of each article whose group changed (null: no development now). */
  articles: Array<{ articleId: string; time: number; from: string | null; to: string | null }>;
  /** The members that did not move, holding `from`, now carry `to` (their group inherited an earlier-opened id). */
  renames: Array<{ from: string; to: string }>;
  aliases: Array<{ alias: string; survivor: string }>;
  /** Survivors that absorbed another development in this event. */
  merged: string[];
  /** Every public id that gained, lost or renamed members, before or after: the rows to re-summarise. */
  touched: string[];
}

export function planDevelopmentIds(changes: readonly Regrouped[], lookups: IdLookups, seq: number): IdPlan {
  const moved = new Map(changes.map((c) => [c.articleId, c]));
  const groups = new Set(changes.flatMap((c) => (c.to ? [c.to] : [])));
  // Old groups involved: those members left, and those that gained members without moving themselves.
  const oldLeads = new Set(changes.flatMap((c) => (c.from ? [c.from] : [])));
  for (const g of groups) if (!moved.has(g)) oldLeads.add(g);
  const inOrder = [...changes].sort(compareKey);
  const heirOf = (x: string): string | null => {
    const c = moved.get(x);
    if (!c) return x;
    // A lead that left took its members with it into the walk: they are all in `changes`.
    return c.to ?? inOrder.find((o) => o.from === x && o.to !== null)?.to ?? null;
  };
  const inherited = new Map<string, string[]>();
  for (const x of oldLeads) {
    const h = heirOf(x);
    if (h !== null) inherited.set(h, [...(inherited.get(h) ?? []), lookups.idOfLead(x)]);
  }
  const plan: IdPlan = { articles: [], renames: [], aliases: [], merged: [], touched: [] };
  const idOf = new Map<string, string>();
  const minted = new Set<string>();
  for (const g of [...new Set([...groups, ...inherited.keys()])].sort()) {
    const ids = (inherited.get(g) ?? []).map((id) => ({ id, seq: lookups.openedSeq(id) })).sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : 1));
    const survivor = ids[0]?.id ?? mint(g, seq, (id) => minted.has(id) || lookups.isTaken(id));
    minted.add(survivor);
    idOf.set(g, survivor);
    for (const { id } of ids.slice(1)) plan.aliases.push({ alias: id, survivor });
    if (ids.length > 1) plan.merged.push(survivor);
    if (oldLeads.has(g) && !moved.has(g) && lookups.idOfLead(g) !== survivor) plan.renames.push({ from: lookups.idOfLead(g), to: survivor });
  }
  for (const c of changes) {
    plan.articles.push({ articleId: c.articleId, time: c.time, from: c.from ? lookups.idOfLead(c.from) : null, to: c.to ? idOf.get(c.to)! : null });
  }
  plan.touched = [...new Set([...[...oldLeads].map((x) => lookups.idOfLead(x)), ...idOf.values()])].sort();
  return plan;
}

/** A new story's id derives from its lead; on the rare clash with an id used before, from the lead and the event. */
function mint(leadId: string, seq: number, taken: (id: string) => boolean): string {
  let id = developmentIdOf(leadId);
  for (let n = 0; taken(id); n++) id = `dev-${stableId("development", leadId, seq, n)}`;
  return id;
}
