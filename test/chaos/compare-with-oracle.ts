/**
 * The verdict of a chaos run, computed from three independent accounts:
 * the feed server's own list of the items it served (the oracle), the rows
 * in the read model, and the calls the webhook receiver recorded.
 *
 * Articles: an oracle item with no row is lost; an item (same link) with two
 * or more rows is doubled; a row whose link the oracle does not know came
 * from a hostile feed (mis-encoded ones may well be projected) and is only counted.
 * Alerts: every development in `latest_developments` must be alerted, once.
 * A second call with the same Idempotency-Key is the in-flight case the
 * contract allows (the receiver can drop it) and is reported apart; a second
 * call for one development under another key is a doubled alert. An alerted
 * id must still resolve: either a row of latest_developments, or an alias of
 * one (two developments, each alerted when it looked like its own story, that
 * later turned out to be one: `development_aliases`). An alerted id that is
 * neither was lost by the grouping and fails the run.
 */
export interface OracleInput {
  /** Links of every item the well-behaved feeds served. */
  expectedUrls: readonly string[];
  articles: ReadonlyArray<{ article_id: string; url: string }>;
  developmentIds: readonly string[];
  /** Ids merged into a surviving development (they still resolve). */
  aliasIds?: readonly string[];
  calls: ReadonlyArray<{ developmentId: string; idempotencyKey: string | undefined }>;
}

export interface ChaosVerdict {
  items: number;
  rows: number;
  lost: string[];
  doubled: string[];
  fromHostileFeeds: number;
  developments: number;
  alertCalls: number;
  alertedDevelopments: number;
  notAlerted: string[];
  /** Same development, same key: a delivery in flight when the alerter died. */
  inFlightDuplicates: number;
  /** Same development, different keys (or none): alerted twice. */
  doubledAlerts: string[];
  /** Alerted ids that are neither rows of latest_developments nor aliases of one. */
  alertedUnknown: string[];
  /** Alerted ids that were later merged into another development (counted, allowed). */
  alertedMerged: number;
  ok: boolean;
}

export function compareWithOracle(o: OracleInput): ChaosVerdict {
  const expected = new Set(o.expectedUrls);
  const rowsPerUrl = new Map<string, number>();
  for (const a of o.articles) rowsPerUrl.set(a.url, (rowsPerUrl.get(a.url) ?? 0) + 1);
  const lost = [...expected].filter((u) => !rowsPerUrl.has(u));
  const doubled = [...rowsPerUrl].filter(([, n]) => n > 1).map(([u]) => u);
  const fromHostileFeeds = [...rowsPerUrl.keys()].filter((u) => !expected.has(u)).length;

  const devs = new Set(o.developmentIds);
  const keysPerDev = new Map<string, string[]>();
  for (const c of o.calls) keysPerDev.set(c.developmentId, [...(keysPerDev.get(c.developmentId) ?? []), c.idempotencyKey ?? ""]);
  let inFlightDuplicates = 0;
  const doubledAlerts: string[] = [];
  for (const [dev, keys] of keysPerDev) {
    const distinct = new Set(keys);
    inFlightDuplicates += keys.length - distinct.size;
    if (distinct.size > 1 || distinct.has("")) doubledAlerts.push(dev);
  }
  const notAlerted = [...devs].filter((d) => !keysPerDev.has(d));
  const aliases = new Set(o.aliasIds ?? []);
  const alertedUnknown = [...keysPerDev.keys()].filter((d) => !devs.has(d) && !aliases.has(d));
  const alertedMerged = [...keysPerDev.keys()].filter((d) => !devs.has(d) && aliases.has(d)).length;
  return {
    items: expected.size,
    rows: o.articles.length,
    lost,
    doubled,
    fromHostileFeeds,
    developments: devs.size,
    alertCalls: o.calls.length,
    alertedDevelopments: keysPerDev.size,
    notAlerted,
    inFlightDuplicates,
    doubledAlerts,
    alertedUnknown,
    alertedMerged,
    ok: lost.length === 0 && doubled.length === 0 && notAlerted.length === 0 && doubledAlerts.length === 0 && alertedUnknown.length === 0,
  };
}
