import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FeedListError, parseFeedList, type FeedEntry } from "./feed-list.ts";

/** The project's curated list of real news feeds, used when GW_FEEDS is unset. */
export const DEFAULT_FEEDS_FILE = fileURLToPath(new URL("../feeds/default.opml", import.meta.url));

/** Reads GW_FEEDS (or the default list); a missing or bad file throws an error naming it. */
export function readFeedList(path: string | undefined): FeedEntry[] {
  const file = path ? resolve(path) : DEFAULT_FEEDS_FILE;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new FeedListError(`feed list ${file}: cannot be read (${(err as Error).message})`, { cause: err });
  }
  return parseFeedList(text, file);
}
