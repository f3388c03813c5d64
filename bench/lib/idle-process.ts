/**
 * The floor under every service's RSS: a process started like `gw run`
 * (node + the tsx loader) that loads the libraries the services share and
 * does nothing. Prints its own peak RSS (VmHWM, KiB) and exits.
 */
import { readFileSync } from "node:fs";

await import("nats");
await import("better-sqlite3");
await import("drizzle-orm/better-sqlite3");
await import("pino");
await import("zod");
await import("@gw/bus");
await import("@gw/config");
await import("@gw/events");
await new Promise((r) => setTimeout(r, 300));
process.stdout.write(`${/^VmHWM:\s+(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? "NaN"}\n`);
