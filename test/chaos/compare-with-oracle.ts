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
 * id that is no longer a development was regrouped after its alert (a late
 * article that sorts first became the lead, and the id follows the lead): its
 * story was then alerted under two ids, so it fails the run too; it is
 * counted apart because the cause is the grouping, not a redelivery.
 */
export interface OracleInput {
  /** Links of every item the well-behaved feeds served. */
  expectedUrls: readonly string[];
  articles: ReadonlyArray<{ article_id: string; url: string }>;
  developmentIds: readonly string[];
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
  /** Alerted ids that are not (or no longer) rows of latest_developments. */
  alertedUnknown: string[];
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
  const alertedUnknown = [...keysPerDev.keys()].filter((d) => !devs.has(d));
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
    ok: lost.length === 0 && doubled.length === 0 && notAlerted.length === 0 && doubledAlerts.length === 0 && alertedUnknown.length === 0,
  };
}
