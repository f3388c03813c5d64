import { describe, expect, it } from "vitest";
import { stableId } from "@gw/events";
import { developmentIdOf } from "./developments.ts";
import { planDevelopmentIds, type IdPlan } from "./plan-development-ids.ts";
import type { Regrouped } from "./regroup.ts";

/** The read model before the event: the public id each lead's group carries, and when it was opened. */
interface Before {
  ids: Record<string, string>;
  opened?: Record<string, number>;
}
const move = (articleId: string, time: number, from: string | null, to: string | null): Regrouped => ({ articleId, time, from, to });

function plan(changes: Regrouped[], before: Before, seq = 9): IdPlan {
  return planDevelopmentIds(
    changes,
    {
      idOfLead: (l) => {
        const id = before.ids[l];
        if (id === undefined) throw new Error(`no id for lead ${l}`);
        return id;
      },
      openedSeq: (id) => before.opened?.[id] ?? 0,
      isTaken: (id) => Object.values(before.ids).includes(id),
    },
    seq,
  );
}

const cases: Array<[string, Regrouped[], Before, Partial<IdPlan>]> = [
  ["a new article opens a new story: its id derives from it", [move("a", 1, null, "a")], { ids: {} }, { articles: [{ articleId: "a", time: 1, from: null, to: developmentIdOf("a") }], renames: [], aliases: [], touched: [developmentIdOf("a")] }],
  ["a copy joins: it takes the development's id", [move("b", 2, null, "a")], { ids: { a: "P" } }, { articles: [{ articleId: "b", time: 2, from: null, to: "P" }], touched: ["P"] }],
  [
    "an earlier copy arrives late and leads: the group keeps the alerted id",
    [move("a0", 0, null, "a0"), move("a", 1, "a", "a0"), move("b", 2, "a", "a0")],
    { ids: { a: "P" } },
    { articles: [{ articleId: "a0", time: 0, from: null, to: "P" }, { articleId: "a", time: 1, from: "P", to: "P" }, { articleId: "b", time: 2, from: "P", to: "P" }], aliases: [], merged: [], touched: ["P"] },
  ],
  [
    "a late article joins two announced developments: the earlier-opened id survives, the other is an alias",
    [move("e", 0, null, "e"), move("l1", 1, "l1", "e"), move("l2", 2, "l2", "e")],
    { ids: { l1: "P1", l2: "P2" }, opened: { P1: 5, P2: 3 } },
    { articles: [{ articleId: "e", time: 0, from: null, to: "P2" }, { articleId: "l1", time: 1, from: "P1", to: "P2" }, { articleId: "l2", time: 2, from: "P2", to: "P2" }], aliases: [{ alias: "P1", survivor: "P2" }], merged: ["P2"], renames: [], touched: ["P1", "P2"] },
  ],
  [
    "a group that did not move inherits an earlier-opened id: its members are renamed",
    [move("l2", 2, "l2", "l1"), move("m", 3, "l2", "l1")],
    { ids: { l1: "P1", l2: "P2" }, opened: { P1: 5, P2: 3 } },
    { articles: [{ articleId: "l2", time: 2, from: "P2", to: "P2" }, { articleId: "m", time: 3, from: "P2", to: "P2" }], renames: [{ from: "P1", to: "P2" }], aliases: [{ alias: "P1", survivor: "P2" }], merged: ["P2"] },
  ],
  [
    "the lead leaves: the group of its earliest remaining member keeps the id",
    [move("m2", 3, "l", "m1"), move("m1", 2, "l", "m1"), move("l", 1, "l", null)],
    { ids: { l: "P" } },
    { articles: [{ articleId: "m2", time: 3, from: "P", to: "P" }, { articleId: "m1", time: 2, from: "P", to: "P" }, { articleId: "l", time: 1, from: "P", to: null }], touched: ["P"] },
  ],
  [
    "a member splits off: the rest keeps the id, the new group is a new story",
    [move("m", 2, "l", "m")],
    { ids: { l: "P" } },
    { articles: [{ articleId: "m", time: 2, from: "P", to: developmentIdOf("m") }], aliases: [], touched: ["P", developmentIdOf("m")].sort() },
  ],
  [
    "a new id never reuses one given before",
    [move("m", 2, "l", "m")],
    { ids: { l: developmentIdOf("m") } },
    { articles: [{ articleId: "m", time: 2, from: developmentIdOf("m"), to: `dev-${stableId("development", "m", 9, 0)}` }] },
  ],
];

describe("planDevelopmentIds", () => {
  it.each(cases)("%s", (_name, changes, before, expected) => {
    expect(plan(changes, before)).toMatchObject(expected);
  });

  it("is the same for the same read model and event", () => {
    const changes = [move("e", 0, null, "e"), move("l1", 1, "l1", "e"), move("l2", 2, "l2", "e")];
    const before = { ids: { l1: "P1", l2: "P2" }, opened: { P1: 4, P2: 4 } };
    const byArticle = (p: IdPlan) => ({ ...p, articles: [...p.articles].sort((a, b) => a.time - b.time) });
    expect(byArticle(plan([...changes].reverse(), before))).toEqual(byArticle(plan(changes, before))); // whatever order the walk reported them in
    expect(plan(changes, before).aliases).toEqual([{ alias: "P2", survivor: "P1" }]); // same seq: the smaller id
  });
});
