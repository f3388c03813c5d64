/**
 * `pnpm start` (gw run all --local-nats) as a user runs it: it starts its own
 * nats-server under the data directory and SIGTERM stops everything, leaving
 * no orphan nats-server behind. A missing nats-server binary is one clear line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, hasNatsServer, tempDir, waitFor } from "@gw/testkit";

const root = join(import.meta.dirname, "../..");
const dir = tempDir("gw-start-");
// A failed assertion leaves its `gw run` (and the nats-server it started) running: SIGTERM stops both.
const runs = new Set<ChildProcess>();
afterAll(() => {
  for (const c of runs) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
  dir.remove();
});

function gw(args: string[], config: object, extraEnv: NodeJS.ProcessEnv = {}) {
  const cfg = join(dir.path, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(cfg, JSON.stringify(config));
  writeFileSync(join(dir.path, "feeds.txt"), "# no feeds\n");
  const env: NodeJS.ProcessEnv = { ...process.env, GW_CONFIG: cfg, GW_FEEDS: join(dir.path, "feeds.txt"), GW_DB: join(dir.path, "gw.db"), LOG_LEVEL: "info", ...extraEnv };
  delete env.NATS_URL;
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "packages/cli/src/gw.ts"), ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  runs.add(child);
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr.on("data", (b: Buffer) => (out += b.toString()));
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, exit, output: () => out };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2]?.startsWith("Z");
  } catch {
    return false;
  }
}

describe("pnpm start", () => {
  it.skipIf(!hasNatsServer)("starts a local nats-server and stops it with everything else on SIGTERM", async () => {
    const port = await freePort();
    const run = gw(["run", "all", "--local-nats"], { dataDir: dir.path, localNatsPort: port, projector: { httpPort: -1 } });
    const pidFile = join(dir.path, "nats", "nats-server.pid");
    await waitFor(() => existsSync(pidFile) && run.output().includes('"service":"alerter"'), { timeoutMs: 30_000, what: "services started" });
    const natsPid = Number(readFileSync(pidFile, "utf8"));
    expect(alive(natsPid)).toBe(true);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(alive(natsPid)).toBe(false);
  });

  it("refuses a bad feed list at start with one line instead of restarting the ingester", async () => {
    const bad = join(dir.path, "bad-feeds.txt");
    writeFileSync(bad, "http://ok.example/rss\nnot a url\n");
    const run = gw(["run", "all", "--local-nats"], { dataDir: dir.path }, { GW_FEEDS: bad });
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/bad-feeds\.txt, line 2: "not a url" is not an http\(s\) URL/);
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it("says how to install nats-server when it is missing", async () => {
    const run = gw(["run", "all", "--local-nats"], { dataDir: dir.path, natsServerBin: "/nonexistent/nats-server" });
    expect(await run.exit).toBe(1);
    expect(run.output()).toMatch(/nats-server is not installed.*apt-get install -y nats-server/);
    expect(run.output()).not.toMatch(/\n\s+at /); // one clear line, no stack trace
  });
});
