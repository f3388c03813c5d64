import type { Channel } from "./channel.ts";

/** One line per alert on stdout (diagnostics go to stderr, so this can be piped). */
export function createConsoleChannel(write: (line: string) => void = (l) => void process.stdout.write(l)): Channel {
  return {
    id: "console",
    async deliver(alert) {
      write(`[alert] ${alert.text}\n`);
    },
  };
}
