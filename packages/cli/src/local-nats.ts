import { spawn, type ChildProcess } from "node:child_process";
import { findNatsServer } from "@gw/testkit";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import type { Logger } from "pino";

export class NatsServerMissingError extends Error {
  override name = "NatsServerMissingError";
  constructor() {
    super(
      "nats-server is not installed. Install it (Debian/Ubuntu: `sudo apt-get install -y nats-server`; " +
        "elsewhere: https://docs.nats.io/running-a-nats-service/introduction/installation), " +
        "or set NATS_URL to a NATS server with JetStream enabled.",
    );
  }
}

export interface LocalNats {
  url: string;
  stop(): Promise<void>;
}

function findBinary(explicit?: string): string | undefined {
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  return findNatsServer();
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), res(true)));
    s.once("error", () => (s.destroy(), res(false)));
  });
}

/** Stops a nats-server a previous run left behind (its pid file is in our store). */
function killStale(pidFile: string, logger: Logger) {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!pid) return;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    if (!cmd.includes("nats-server")) return;
    process.kill(pid, "SIGTERM");
    logger.warn({ pid }, "stopped a nats-server left running by an earlier run");
  } catch {
    /* not running */
  }
}

/**
 * Starts `nats-server -js` as a child process with its store under the data
 * directory, on 127.0.0.1:port. It is stopped by `stop()`; a stale one left by
 * a killed earlier run is stopped first (pid file in the store).
 */
export async function startLocalNats(dataDir: string, logger: Logger, port = 4222, binary?: string): Promise<LocalNats> {
  const bin = findBinary(binary);
  if (!bin) throw new NatsServerMissingError();
  const store = resolve(dataDir, "nats");
  mkdirSync(store, { recursive: true });
  const pidFile = join(store, "nats-server.pid");
  killStale(pidFile, logger);
  for (let i = 0; i < 50 && (await portOpen(port)); i++) await new Promise((r) => setTimeout(r, 100));
  if (await portOpen(port)) throw new Error(`port ${port} is in use by another program: stop it, or set NATS_URL to use that server`);
  const child: ChildProcess = spawn(bin, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", store, "-P", pidFile], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const deadline = Date.now() + 10_000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null) throw new Error(`nats-server exited at start (code ${child.exitCode}): ${stderr.trim()}`);
    if (Date.now() > deadline) throw new Error(`nats-server did not start listening on ${port}: ${stderr.trim()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  logger.info({ port, store }, "started local nats-server");
  return {
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
