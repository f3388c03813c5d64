import { planDevelopmentIds, type IdLookups, type IdPlan } from "./plan-development-ids.ts";
import type { Regrouped } from "./regroup.ts";
import { iso } from "./sqlite-grouping-store.ts";
import type { Statements } from "./statements.ts";

class GroupWithoutIdError extends Error {
  override name = "GroupWithoutIdError";
}

/**
 * Gives the groups a regroup produced their public ids (plan-development-ids.ts)
 * and writes them: `articles.development_id`, `development_articles` and
 * `development_aliases`, inside the caller's transaction. Reads all happen
 * before the first write, so every lookup sees the ids as they were before
 * the event.
 */
export function applyDevelopmentIds(st: Statements, changes: readonly Regrouped[], seq: number): IdPlan {
  // Most events (irrelevant articles) move nothing.
  if (changes.length === 0) return { articles: [], renames: [], aliases: [], merged: [], touched: [] };
  const ofLead = new Map<string, string>();
  const lookups: IdLookups = {
    idOfLead(leadId) {
      let id = ofLead.get(leadId);
      if (id === undefined) {
        id = st.developmentOf.get(leadId)?.development_id ?? undefined;
        if (id === undefined) throw new GroupWithoutIdError(`lead ${leadId} has no development id`);
        ofLead.set(leadId, id);
      }
      return id;
    },
    openedSeq: (id) => st.openedSeq.get(id)?.opened_seq ?? Number.MAX_SAFE_INTEGER,
    isTaken: (id) => st.isAnnounced.get(id) !== undefined,
  };
  const plan = planDevelopmentIds(changes, lookups, seq);
  for (const r of plan.renames) {
    st.renameDevelopment.run(r.to, r.from);
    st.renameLinks.run(r.to, r.from);
  }
  // After the renames: an article that moved overrides the id a rename gave it.
  for (const a of plan.articles) {
    if (a.from === a.to) continue;
    st.setDevelopment.run(a.to, a.articleId);
    if (a.from !== null) st.unlinkArticle.run(a.articleId);
    if (a.to !== null) st.linkArticle.run(a.to, a.articleId, iso(a.time));
  }
  for (const { alias, survivor } of plan.aliases) {
    st.repointAliases.run(survivor, alias);
    st.addAlias.run(alias, survivor);
  }
  return plan;
}
