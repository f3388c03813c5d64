import type { Config } from "@gw/config";
import type { Logger } from "pino";
import type { Bus } from "./connect.ts";

/**
 * What the shell hands a service: it runs until `signal` aborts, then finishes
 * in-flight work (commit, ack, drain) and resolves. It must not exit the process.
 */
export interface ServiceContext {
  config: Config;
  logger: Logger;
  bus: Bus;
  signal: AbortSignal;
  /** Injected clock, so tests can fix time. */
  now?: () => Date;
}

export type ServiceRunner = (ctx: ServiceContext) => Promise<void>;
