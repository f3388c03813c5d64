import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export class WriterLockedError extends Error {
  override name = "WriterLockedError";
}

export interface WriterLock {
  release(): void;
}

/**
 * One writer per read model. The lock is SQLite's own: a RESERVED lock
 * (BEGIN IMMEDIATE, never committed) on `<db>.lock`. It is an fcntl lock, so
 * the kernel drops it when the process dies, even by SIGKILL: a crashed
 * projector never blocks its restart, and there is no stale pid to guess
 * about. `<db>.lock.json` only names the holder for the error message.
 * The lock sits next to the configured path (not the file it points to), so
 * `gw rebuild` and the projector exclude each other across a swap.
 */
export function acquireWriterLock(dbPath: string, role: "projector" | "rebuild"): WriterLock {
  const lockPath = `${dbPath}.lock`;
  const infoPath = `${lockPath}.json`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const db = new Database(lockPath, { timeout: 0 });
  try {
    db.pragma("journal_mode = DELETE");
    db.exec("BEGIN IMMEDIATE");
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code !== "SQLITE_BUSY") throw err;
    throw new WriterLockedError(`${dbPath} is already being written by ${holder(infoPath)}; refusing to start a second writer (stop it first)`);
  }
  writeFileSync(infoPath, JSON.stringify({ role, pid: process.pid, host: hostname(), since: new Date().toISOString() }));
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      rmSync(infoPath, { force: true });
      db.close(); // closing rolls back the open transaction and frees the lock
    },
  };
}

function holder(infoPath: string): string {
  try {
    const h = JSON.parse(readFileSync(infoPath, "utf8")) as { role?: string; pid?: number; host?: string; since?: string };
    return `a ${h.role ?? "writer"} (pid ${h.pid} on ${h.host}, since ${h.since})`;
  } catch {
    return "another process";
  }
}
