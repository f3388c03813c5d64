import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Where lines go; defaults to stderr so stdout stays for command output. */
  destination?: DestinationStream;
}

/** One pino logger per service. JSON lines on stderr; pipe through pino-pretty to read. */
export function createLogger({ name, level = "info", destination }: LoggerOptions): Logger {
  return pino({ name, level, base: { service: name } }, destination ?? pino.destination(2));
}
