import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { killOnExit } from "./cleanup.ts";

/**
 * Each service as its own OS process, the way `gw run <service>` runs under
 * systemd: so one can be SIGKILLed alone, and its peak RSS (VmHWM) is its own.
 * We start `node --import tsx gw.ts run <svc>` rather than the `tsx` binary:
 * that one is a wrapper that forks the real node process, and a SIGKILL of the
 * wrapper would orphan the service instead of killing it.
 */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const GW = join(ROOT, "packages/cli/src/gw.ts");

export type ServiceName = "ingester" | "classifier" | "projector" | "alerter";
export const SERVICES: readonly ServiceName[] = ["ingester", "classifier", "projector", "alerter"];

export interface FleetOptions {
  env: Record<string, string>;
  /** Each service's stderr (its log) is appended to <logDir>/<name>.log. */
  logDir: string;
  /** Called when a process exits without us having asked (a crash): chaos restarts it. */
  onUnexpectedExit?: (name: ServiceName, code: number | null, signal: string | null) => void;
}

interface Running {
  proc: ChildProcess;
  exited: Promise<void>;
  expected: boolean;
  unregister: () => void;
}

export class ServiceFleet {
  private readonly running = new Map<ServiceName, Running>();
  starts = 0;

  constructor(private readonly o: FleetOptions) {}

  isRunning(name: ServiceName): boolean {
    return this.running.has(name);
  }

  pid(name: ServiceName): number | undefined {
    return this.running.get(name)?.proc.pid;
  }

  start(name: ServiceName, extraEnv: Record<string, string> = {}): void {
    if (this.running.has(name)) throw new Error(`${name} is already running`);
    const log = openSync(join(this.o.logDir, `${name}.log`), "a");
    // GW_BENCH_PROFILE=<service>[,...]: a V8 CPU profile of each one named, written to the run's dir when it stops.
    const profile = (process.env.GW_BENCH_PROFILE ?? "").split(",").includes(name) ? ["--cpu-prof", `--cpu-prof-dir=${this.o.logDir}`] : [];
    const proc = spawn(process.execPath, [...profile, "--import", "tsx", GW, "run", name], {
      cwd: ROOT,
      env: { ...process.env, ...this.o.env, ...extraEnv },
      stdio: ["ignore", log, log],
    });
    closeSync(log);
    this.starts++;
    const r: Running = { proc, expected: false, exited: Promise.resolve(), unregister: killOnExit(() => proc) };
    r.exited = new Promise((resolve) =>
      proc.once("exit", (code, signal) => {
        r.unregister();
        if (this.running.get(name) === r) this.running.delete(name);
        if (!r.expected) this.o.onUnexpectedExit?.(name, code, signal);
        resolve();
      }),
    );
    this.running.set(name, r);
  }

  /** SIGKILL: no chance to finish anything (the chaos case). */
  async kill(name: ServiceName): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    r.expected = true;
    r.proc.kill("SIGKILL");
    await r.exited;
  }

  /** SIGTERM and wait for the graceful stop; SIGKILL after `graceMs`. */
  async stop(name: ServiceName, graceMs = 20_000): Promise<void> {
    const r = this.running.get(name);
    if (!r) return;
    r.expected = true;
    r.proc.kill("SIGTERM");
    const timer = setTimeout(() => r.proc.kill("SIGKILL"), graceMs);
    await r.exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((n) => this.stop(n)));
  }

  /** /proc/<pid>/status fields in MiB: VmHWM is the peak resident set since start. */
  memory(name: ServiceName): { rssMiB: number; peakMiB: number } | undefined {
    const pid = this.pid(name);
    if (!pid) return undefined;
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
      return { rssMiB: kb("VmRSS") / 1024, peakMiB: kb("VmHWM") / 1024 };
    } catch {
      return undefined;
    }
  }

  cpuSeconds(name: ServiceName): number {
    return procCpuSeconds(this.pid(name));
  }
}

/** CPU seconds a process used so far (user + system, from /proc/<pid>/stat; 100 clock ticks a second on Linux). */
export function procCpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
