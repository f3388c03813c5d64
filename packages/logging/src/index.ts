import { pino, type DestinationStream, type Logger } from "pino";
import { PinoPretty } from "pino-pretty";

export type { Logger } from "pino";

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Where lines go; defaults to stderr so stdout stays for command output. */
  destination?: DestinationStream;
  /** Human-readable lines; defaults to on when stderr is a terminal, JSON otherwise. */
  pretty?: boolean;
}

/**
 * One pino logger per service, on stderr: JSON lines for files, journald and
 * log shippers; colourised lines when a person is watching a terminal.
 */
export function createLogger({ name, level = "info", destination, pretty }: LoggerOptions): Logger {
  const options = { name, level, base: { service: name } };
  if (destination) return pino(options, destination);
  if (pretty ?? process.stderr.isTTY) {
    return pino(options, PinoPretty({ destination: 2, sync: true, ignore: "pid,hostname,service", translateTime: "SYS:HH:MM:ss.l" }));
  }
  return pino(options, pino.destination(2));
}
