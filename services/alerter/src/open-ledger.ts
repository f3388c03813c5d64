import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Config } from "@gw/config";
import * as schema from "./schema.ts";

export type LedgerDb = BetterSQLite3Database<typeof schema>;

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "../../../migrations/alerter");

/** The ledger file: its own, beside the read model, so `gw rebuild` never touches it. */
export function ledgerPath(config: Pick<Config, "db" | "alerter">): string {
  return resolve(config.alerter.ledgerDb ?? join(dirname(config.db), "alerter.db"));
}

/**
 * Opens (creating if needed) and migrates the ledger. WAL with synchronous=NORMAL
 * survives a killed process (only an OS crash can lose the last commits), and
 * lets `gw alerts list` read while the alerter writes.
 */
export function openLedgerDb(file: string): { db: LedgerDb; sqlite: Database.Database } {
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, sqlite };
}
