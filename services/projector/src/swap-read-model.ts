import { lstatSync, readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Read-model generations. `gw rebuild` writes a new file next to the live
 * path (`<db>.gen-<stamp>`), and the live path becomes a symlink to the newest
 * generation, replaced by one rename(2): atomic, so a reader opens either the
 * old or the new file, never half of one, and never waits.
 *
 * Why a symlink and not a rename of the file itself: SQLite names the WAL and
 * shared-memory files after the database (`<db>-wal`, `<db>-shm`) and resolves
 * symlinks first. Renaming a new file over a WAL database would leave the old
 * `-wal`/`-shm` beside it, and a reader that still has the old file open
 * would share them with readers of the new one (corruption). Each
 * generation has its own names, so old readers finish on the old file.
 */
export function generationPath(dbPath: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, "");
  return `${dbPath}.gen-${stamp}-${process.pid}`;
}

/** The file the live path currently resolves to (itself when it is a plain file), or undefined. */
export function currentGeneration(dbPath: string): string | undefined {
  try {
    const st = lstatSync(dbPath);
    return st.isSymbolicLink() ? resolve(dirname(dbPath), readlinkSync(dbPath)) : dbPath;
  } catch {
    return undefined;
  }
}

/**
 * Points `dbPath` at `generation` atomically, then removes the previous
 * generation's names (open readers keep their descriptors and finish).
 * Must be called with the writer lock held and `generation` closed.
 */
export function swapInGeneration(dbPath: string, generation: string): void {
  const previous = currentGeneration(dbPath);
  const tmp = join(dirname(dbPath), `.${basename(dbPath)}.swap-${process.pid}`);
  rmSync(tmp, { force: true });
  symlinkSync(basename(generation), tmp);
  renameSync(tmp, dbPath);
  // A plain file at dbPath was replaced by the rename itself; its -wal/-shm names are now stale.
  const stale = previous === undefined ? [] : previous === dbPath ? [`${dbPath}-wal`, `${dbPath}-shm`] : [previous, `${previous}-wal`, `${previous}-shm`];
  for (const f of stale) if (resolve(f) !== resolve(generation)) rmSync(f, { force: true });
}
