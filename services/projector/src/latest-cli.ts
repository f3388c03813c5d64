import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "@gw/config";
import { openReadModelReadonly, ReadModelMissingError } from "./open-read-model.ts";
import { BadQueryError, listDevelopments, parseLimit, parseSince, type Development } from "./queries.ts";

const USAGE = "usage: gw latest [--topic ID] [--since 6h|30m|2d|ISO] [--limit N] [--json]";

/**
 * `gw latest`: the latest developments, newest first, from the read-model
 * file alone (no NATS). A table for people, `--json` (one array) for scripts.
 */
export async function latestCommand(args: string[], opts: { now?: Date; out?: NodeJS.WritableStream; err?: NodeJS.WritableStream } = {}): Promise<number> {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  let db;
  try {
    const { values } = parseArgs({
      args,
      options: { topic: { type: "string" }, since: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
    if (values.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    const since = values.since ? parseSince(values.since, opts.now ?? new Date()) : undefined;
    const limit = parseLimit(values.limit, 20);
    db = openReadModelReadonly(resolve(loadConfig().db));
    const devs = listDevelopments(db, { topic: values.topic, since, limit });
    out.write(values.json ? `${JSON.stringify(devs)}\n` : formatTable(devs));
    return 0;
  } catch (e) {
    const usage = e instanceof BadQueryError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true;
    const expected = usage || e instanceof ConfigError || e instanceof ReadModelMissingError;
    err.write(`gw latest: ${expected ? (e as Error).message : (e as Error).stack}\n${usage ? `${USAGE}\n` : ""}`);
    return usage ? 2 : 1;
  } finally {
    db?.close();
  }
}

const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
/** Width in code points: close enough for Latin and Cyrillic headlines in a terminal. */
const width = (s: string) => Array.from(s).length;

/** Fixed-width columns: updated (UTC), headline, source, topics, articles/outlets. */
export function formatTable(devs: readonly Development[]): string {
  if (devs.length === 0) return "no developments match\n";
  const rows = devs.map((d) => [d.updated_at.slice(0, 16).replace("T", " "), cut(d.headline, 70), cut(d.source, 24), cut(d.topics.join(","), 40), `${d.article_count}/${d.source_count}`]);
  const head = ["UPDATED (UTC)", "HEADLINE", "SOURCE", "TOPICS", "ARTS/SRCS"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c + " ".repeat(widths[i]! - width(c)))).join("  ");
  return `${[head, ...rows].map(line).join("\n")}\n`;
}
