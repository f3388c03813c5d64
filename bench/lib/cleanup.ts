import type { ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

/**
 * Nothing we start may outlive us: every child process (nats-server, the
 * services) is registered here and SIGKILLed when this process exits for any
 * reason we can see (normal exit, an uncaught error, SIGINT/SIGTERM/SIGHUP).
 * Only a SIGKILL of the harness itself escapes this; the service processes
 * then lose their NATS and feed server and are easy to spot by their cwd.
 */
const cleanups = new Set<() => void>();
let installed = false;

function runAll() {
  for (const c of [...cleanups].reverse()) {
    try {
      c();
    } catch {
      /* best effort: keep cleaning the rest */
    }
  }
  cleanups.clear();
  killDescendants();
}

function install() {
  if (installed) return;
  installed = true;
  process.on("exit", runAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      runAll();
      process.exit(sig === "SIGINT" ? 130 : 143);
    });
  }
}

/** Runs `fn` synchronously at exit unless the returned function unregisters it first. */
export function onExit(fn: () => void): () => void {
  install();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

export function killOnExit(getChild: () => ChildProcess | undefined): () => void {
  return onExit(() => {
    const c = getChild();
    if (c && c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  });
}

/** Pids of every live descendant of `root` (read from /proc; Linux only, else empty). */
export function descendants(root = process.pid): number[] {
  const parent = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  for (const d of entries) {
    try {
      // Field 4 of /proc/<pid>/stat is the ppid; the command name (field 2) may hold spaces, so split after ")".
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(d), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [pid, pp] of parent) {
      if (pp !== p) continue;
      out.push(pid);
      walk(pid);
    }
  };
  walk(root);
  return out;
}

/** The last line of defence: SIGKILL whatever we started that is still alive (other benches' servers included). */
export function killDescendants(): number {
  const pids = descendants();
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  return pids.length;
}
