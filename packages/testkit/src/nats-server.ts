import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { existsSync } from "node:fs";
import { freePort, tempDir } from "./net.ts";

export interface NatsServerHandle {
  url: string;
  port: number;
  storeDir: string;
  process: ChildProcess;
  /** SIGKILLs the server (for chaos); `start()` brings it back on the same port and store. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function findNatsServer(): string | undefined {
  for (const p of ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"]) if (existsSync(p)) return p;
  const r = spawnSync("sh", ["-c", "command -v nats-server"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

export const hasNatsServer = findNatsServer() !== undefined;

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve();
      });
      s.once("error", () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`nats-server did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** A real `nats-server -js` on a free port with a temp store, for tests and benchmarks. */
export async function startNatsServer(opts: { storeDir?: string; port?: number } = {}): Promise<NatsServerHandle> {
  const bin = findNatsServer();
  if (!bin) throw new Error("nats-server not found: install it with `apt-get install -y nats-server`");
  const port = opts.port ?? (await freePort());
  const store = opts.storeDir ? { path: opts.storeDir, remove() {} } : tempDir("gw-nats-");
  let proc!: ChildProcess;
  const handle: NatsServerHandle = {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir: store.path,
    get process() {
      return proc;
    },
    async start() {
      proc = spawn(bin, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", store.path], { stdio: "ignore" });
      await waitForPort(port, 10_000);
    },
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (proc.exitCode === null && proc.signalCode === null) await handle.kill();
      }
      store.remove();
    },
  } as NatsServerHandle;
  await handle.start();
  return handle;
}
