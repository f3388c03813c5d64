import { spawnSync } from "node:child_process";
import { arch, cpus, freemem, release, totalmem, type as osType } from "node:os";
import { findNatsServer } from "@gw/testkit";

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryMiB: number;
  freeMemoryMiB: number;
  os: string;
  node: string;
  natsServer: string;
}

/** What a reader needs to compare a run with their own. */
export function machineInfo(): MachineInfo {
  const bin = findNatsServer();
  const nats = bin ? spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim() : "not installed";
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    freeMemoryMiB: Math.round(freemem() / 2 ** 20),
    os: `${osType()} ${release()} ${arch()}`,
    node: process.version,
    natsServer: nats,
  };
}
