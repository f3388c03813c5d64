/**
 * `gw classify [--input FILE]`: classification alone, no NATS or database.
 * JSON Lines in (stdin or FILE), JSON Lines out, one output line per input line,
 * same order. Exit 0 unless the input cannot be read (1) or the configuration
 * or taxonomy is bad (2).
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { loadConfig } from "@gw/config";
import { classifyLine } from "./classify-line.ts";
import { loadTaxonomy, taxonomyPath } from "./load-taxonomy.ts";

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  cwd: string;
}

const defaultIo = (): CliIo => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

const USAGE = "usage: gw classify [--input FILE]   (JSON Lines in, JSON Lines out)\n";

function write(out: Writable, s: string): Promise<void> {
  return out.write(s) ? Promise.resolve() : new Promise((r) => out.once("drain", () => r()));
}

export async function classifyCommand(args: string[], io: CliIo = defaultIo()): Promise<number> {
  let input: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--input" || a === "-i" || a.startsWith("--input=")) {
      input = a.startsWith("--input=") ? a.slice(8) : args[++i];
      if (!input) return void io.stderr.write(`gw classify: ${a} needs a file\n${USAGE}`), 2;
    }
    else if (a === "--help" || a === "-h") return void io.stdout.write(USAGE), 0;
    else return void io.stderr.write(`gw classify: unknown argument ${a}\n${USAGE}`), 2;
  }
  let tax;
  try {
    tax = loadTaxonomy(taxonomyPath(loadConfig(io.env, io.cwd), io.cwd));
  } catch (err) {
    io.stderr.write(`gw classify: ${(err as Error).message}\n`);
    return 2;
  }
  const source = input ? createReadStream(input, { encoding: "utf8" }) : io.stdin;
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      await write(io.stdout, `${JSON.stringify(classifyLine(line, n, tax))}\n`);
    }
  } catch (err) {
    io.stderr.write(`gw classify: cannot read ${input ?? "stdin"}: ${(err as Error).message}\n`);
    return n === 0 ? 1 : 0;
  }
  return 0;
}
