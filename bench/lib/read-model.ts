import { existsSync } from "node:fs";
import Database from "better-sqlite3";

/**
 * A read-only look at the projector's SQLite file (WAL: readers never block
 * the writer). Before the projector has migrated it, every count is 0.
 */
export class ReadModel {
  private db: Database.Database | undefined;

  constructor(private readonly path: string) {}

  private open(): Database.Database | undefined {
    if (this.db) return this.db;
    if (!existsSync(this.path)) return undefined;
    try {
      const db = new Database(this.path, { readonly: true, fileMustExist: true });
      db.prepare("SELECT 1 FROM articles LIMIT 1").all();
      db.prepare("SELECT 1 FROM latest_developments LIMIT 1").all();
      this.db = db;
    } catch {
      return undefined; // not migrated yet
    }
    return this.db;
  }

  count(table: "articles" | "latest_developments"): number {
    const db = this.open();
    return db ? (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n : 0;
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    const db = this.open();
    return db ? (db.prepare(sql).all(...params) as T[]) : [];
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}
