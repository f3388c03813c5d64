import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Config } from "@gw/config";

const MIGRATIONS = fileURLToPath(new URL("../../../../migrations/ingester", import.meta.url));

/** Where the feed state lives: config.ingester.stateDb, else beside the read model (paths relative to the working directory, like GW_DB). */
export function stateDbPath(config: Pick<Config, "db" | "ingester">): string {
  return resolve(config.ingester.stateDb ?? join(dirname(config.db), "ingester.db"));
}

/** Opens (creating) the state file in WAL mode and applies the committed migrations. */
export function openStateDb(path: string): Database.Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });
  return sqlite;
}
