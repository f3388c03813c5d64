/**
 * What a parsed feed means against what we already published (pure, given the
 * lookups). Rules:
 * - items are identified by articleId (GUID, else canonical link, else hash);
 *   a document that repeats an item yields it once;
 * - an unknown id is a new article;
 * - a known id whose title/summary hash was never published is a revision
 *   (counted up from the last one); a hash published before (a feed flapping
 *   between two versions) is not news;
 * - everything else is unchanged, but still listed (kept alive for pruning).
 */
import { ambiguousGuids, articleId, contentHash } from "./article-id.ts";
import type { ParsedItem } from "./parse-feed.ts";

export interface KnownArticle {
  contentHash: string;
  revision: number;
}

export interface ItemChange {
  item: ParsedItem;
  articleId: string;
  contentHash: string;
  kind: "new" | "revised";
  revision: number;
  previousHash?: string;
}

export interface ItemDiff {
  changes: ItemChange[];
  /** Ids of every distinct item in the document. */
  listed: string[];
}

export interface DiffLookups {
  seen(articleId: string): KnownArticle | undefined;
  hashKnown(articleId: string, hash: string): boolean;
}

export function diffItems(items: readonly ParsedItem[], scope: string, known: DiffLookups): ItemDiff {
  const ambiguous = ambiguousGuids(items);
  const listed = new Set<string>();
  const changes: ItemChange[] = [];
  for (const item of items) {
    const { id } = articleId(item, scope, ambiguous);
    if (listed.has(id)) continue;
    listed.add(id);
    const hash = contentHash(item.title, item.summary);
    const prior = known.seen(id);
    if (!prior) changes.push({ item, articleId: id, contentHash: hash, kind: "new", revision: 0 });
    else if (prior.contentHash !== hash && !known.hashKnown(id, hash)) {
      changes.push({ item, articleId: id, contentHash: hash, kind: "revised", revision: prior.revision + 1, previousHash: prior.contentHash });
    }
  }
  return { changes, listed: [...listed] };
}
