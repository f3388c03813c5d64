/**
 * Article identity, in order of trust:
 * 1. the GUID, when it is a real identifier: a URL GUID is canonicalised (so the
 *    same story in two feeds is one article); any other GUID is scoped to the
 *    feed's id scope (its first host), because "1234" is only unique per feed;
 * 2. else the canonical link;
 * 3. else a hash of the content.
 * Two items with different GUIDs are never merged because their links agree.
 * A GUID repeated in one document for items with different links is no
 * identifier at all (a broken CMS); `ambiguousGuids` finds those.
 */
import { stableId } from "@gw/events";
import { canonicalUrl } from "./canonical-url.ts";

export type IdentityKind = "guid" | "link" | "hash";

export interface IdentityInput {
  guid: string | undefined;
  /** Already canonical (see canonicalUrl), or null. */
  link: string | null;
  title: string;
  summary: string;
}

const NOT_IDS = new Set(["", "null", "undefined", "none", "0", "#", "-", "guid", "id"]);

/** A GUID worth trusting: non-empty, not a placeholder, not absurdly long. */
export function isRealGuid(guid: string | undefined): guid is string {
  if (guid === undefined) return false;
  const g = guid.trim();
  return g.length <= 2048 && !NOT_IDS.has(g.toLowerCase());
}

export function contentHash(title: string, summary: string): string {
  return stableId("content", title, summary);
}

export function articleId(item: IdentityInput, scope: string, ambiguous: ReadonlySet<string> = new Set()): { id: string; kind: IdentityKind } {
  const guid = item.guid?.trim();
  if (isRealGuid(guid) && !ambiguous.has(guid)) {
    const asUrl = /^https?:\/\//i.test(guid) ? canonicalUrl(guid) : null;
    return { id: asUrl ? stableId("url", asUrl) : stableId("guid", scope, guid), kind: "guid" };
  }
  if (item.link) return { id: stableId("url", item.link), kind: "link" };
  return { id: stableId("hash", scope, item.title, item.summary), kind: "hash" };
}

/** GUIDs used by more than one item with different links in the same document. */
export function ambiguousGuids(items: ReadonlyArray<{ guid: string | undefined; link: string | null }>): Set<string> {
  const linkOf = new Map<string, string | null>();
  const bad = new Set<string>();
  for (const { guid, link } of items) {
    const g = guid?.trim();
    if (!isRealGuid(g)) continue;
    if (!linkOf.has(g)) linkOf.set(g, link);
    else if (linkOf.get(g) !== link) bad.add(g);
  }
  return bad;
}

/** The id scope of a feed: its host without "www.", fixed when the feed is first added. */
export function idScope(feedUrl: string): string {
  try {
    return new URL(feedUrl).hostname.replace(/^www\./, "");
  } catch {
    return feedUrl;
  }
}
