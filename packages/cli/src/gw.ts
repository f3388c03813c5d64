#!/usr/bin/env -S npx tsx
/**
 * `gw`: the one command-line entry. `run` wires the services (the shell);
 * every other command lives beside the service whose data it reads.
 */
import { ConfigError } from "@gw/config";
import { runCommand } from "./run-command.ts";

const USAGE = `usage: gw <command> [options]

  run [all|ingester|classifier|projector|alerter]   run services in the foreground
  latest [--topic ID] [--since 6h] [--limit N] [--json]
  classify [--input FILE]                            JSON Lines in, JSON Lines out
  reclassify                                         re-run classification over the event log
  rebuild                                            rebuild the read model from the event stream
  feeds list|add URL|import FILE.opml|export
  alerts list|test|retry [--channel C] [<development_id>]
`;

/** Our own named errors are expected outcomes; built-in ones are bugs and keep their stack. */
const BUILTIN_ERRORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"]);

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  run: async () => runCommand,
  latest: async () => (await import("@gw/projector/latest-cli")).latestCommand,
  rebuild: async () => (await import("@gw/projector/rebuild-cli")).rebuildCommand,
  classify: async () => (await import("@gw/classifier/classify-cli")).classifyCommand,
  reclassify: async () => (await import("@gw/classifier/reclassify-cli")).reclassifyCommand,
  feeds: async () => (await import("@gw/ingester/feeds-cli")).feedsCommand,
  alerts: async () => (await import("@gw/alerter/alerts-cli")).alertsCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`gw: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return (await load())(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Expected failures (bad config, missing nats-server) get one clear line, not a stack.
    const known = err instanceof ConfigError || (err instanceof Error && err.name.endsWith("Error") && !BUILTIN_ERRORS.has(err.name));
    process.stderr.write(`gw: ${known ? (err as Error).message : (err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
