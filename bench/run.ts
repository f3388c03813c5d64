/**
 * `pnpm bench [--quick] [--only raw,system,ingester,...] [--scales 500x50,5000x20]`: every benchmark in
 * one run on one machine. Starts its own nats-server (and each benchmark its
 * own feed server), measures the raw limits first so every pipeline figure
 * has its baseline from the same run, prints a table and writes
 * bench/results.json.
 */
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startNatsServer } from "@gw/testkit";
import { killOnExit, onExit } from "./lib/cleanup.ts";
import { formatNotes, formatTable } from "./lib/format-table.ts";
import { machineInfo } from "./lib/machine-info.ts";
import { toRow, type Metric, type ResultRow, type Skipped } from "./lib/metric.ts";
import { benchRaw } from "./raw.bench.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVICE_BENCHES = ["ingester", "classifier", "projector", "alerter"] as const;

type BenchFn = (opts: { quick: boolean }) => Promise<Metric[]>;

/** Another engineer's bench file may not exist yet, or may throw: that is a skipped row, not a failed run. */
async function loadServiceBench(name: string): Promise<BenchFn | string> {
  const fn = `bench${name[0]!.toUpperCase()}${name.slice(1)}`;
  try {
    const mod = (await import(join(HERE, `${name}.bench.ts`))) as Record<string, unknown>;
    return typeof mod[fn] === "function" ? (mod[fn] as BenchFn) : `bench/${name}.bench.ts exports no ${fn}`;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return e.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes(`${name}.bench.ts`) ? `bench/${name}.bench.ts not written yet` : `cannot load: ${firstLine(e)}`;
  }
}

const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split("\n")[0]!.slice(0, 160);

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, only: { type: "string" }, scales: { type: "string" } } });
  const quick = values.quick ?? false;
  const only = values.only ? new Set(values.only.split(",")) : undefined;
  const wanted = (g: string) => !only || only.has(g);
  const started = new Date();
  const rows: ResultRow[] = [];
  const skipped: Skipped[] = [];
  const add = (group: string, ms: Metric[]) => {
    rows.push(...ms.map((m) => toRow(group, m)));
    for (const m of ms) process.stderr.write(`  ${group}: ${m.name}: ${m.value.toFixed(1)} ${m.unit}\n`);
  };
  const step = async (group: string, ms: number, run: () => Promise<Metric[]>) => {
    if (!wanted(group)) return;
    process.stderr.write(`bench: ${group}…\n`);
    try {
      add(group, await withTimeout(run(), ms, group));
    } catch (err) {
      skipped.push({ group, reason: firstLine(err) });
      process.stderr.write(`bench: ${group} failed: ${(err as Error)?.stack ?? String(err)}\n`);
    }
  };

  const nats = await startNatsServer();
  const unregister = killOnExit(() => nats.process);
  const unStore = onExit(() => rmSync(nats.storeDir, { recursive: true, force: true }));
  let raw: Metric[] = [];
  try {
    await step("raw", 120_000, async () => (raw = await benchRaw({ quick, natsUrl: nats.url })));
  } finally {
    await nats.stop();
    unregister();
    unStore();
  }
  for (const name of SERVICE_BENCHES) {
    if (!wanted(name)) continue;
    const fn = await loadServiceBench(name);
    if (typeof fn === "string") skipped.push({ group: name, reason: fn });
    else await step(name, quick ? 30_000 : 600_000, () => fn({ quick }));
  }
  await step("system", quick ? 90_000 : 1_800_000, async () => {
    const { benchSystem } = await import("./system.bench.ts");
    return benchSystem({ quick, raw, ...(values.scales ? { scales: values.scales } : {}) });
  });

  const result = { date: started.toISOString(), durationS: (Date.now() - started.getTime()) / 1000, quick, machine: machineInfo(), metrics: rows, skipped };
  writeFileSync(join(HERE, "results.json"), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\ngeneva-watch benchmarks${quick ? " (--quick)" : ""}, ${result.date}, ${result.machine.cpus}× ${result.machine.cpuModel}, node ${result.machine.node}, ${result.machine.natsServer}\n\n`);
  process.stdout.write(`${formatTable(rows, skipped)}\n`);
  const notes = formatNotes(rows);
  if (notes) process.stdout.write(`\n${notes}\n`);
  process.stdout.write(`\nwrote bench/results.json (${result.durationS.toFixed(0)} s)\n`);
  return rows.length ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
