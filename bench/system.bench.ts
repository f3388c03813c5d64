/**
 * The whole system on one machine: a local feed server with N generated
 * feeds, a fresh nats-server, and the four services each as its own process
 * (`gw run <service>`), measured from the outside:
 * - cold: from the first feed request until every item is a row in `articles`;
 *   with the time each stage finished (all discovered events stored, all
 *   classifications stored, all projected) and each service's CPU seconds,
 *   so a miss says where the time went;
 * - warm: every feed answers 304; from the first request to the last
 *   poll result event; 10%-changed: a tenth of the feeds have 5 new items;
 * - end-to-end latency: from the response that first carried a new talks item
 *   to the webhook call for the development it opened;
 * - peak RSS (VmHWM from /proc/<pid>/status) of each service process.
 */
import { makeAllDueAt } from "./lib/ingester-schedule.ts";
import { perSecond, percentile, type Baseline, type Metric } from "./lib/metric.ts";
import { SERVICES, procCpuSeconds, type ServiceName } from "./lib/service-fleet.ts";
import { sleep, startSystemRun, until, type SystemRun } from "./lib/system-run.ts";

/** How long `node --import tsx gw.ts run ingester` takes to be polling, with margin (2 cores, busy). */
const STARTUP_MARGIN_MS = 3000;

interface Scale {
  feeds: number;
  items: number;
  probes: number;
  targets: boolean;
}

/** `scales`: "FEEDSxITEMS,..." instead of the defaults (500×50 and 5,000×20; quick: 50×20). */
export async function benchSystem(opts: { quick: boolean; raw: Metric[]; scales?: string }): Promise<Metric[]> {
  const pub = opts.raw.find((m) => m.name.startsWith("JetStream publish, pipelined"));
  const baseline: Baseline | undefined = pub ? { name: "raw pipelined publish", value: pub.value, unit: pub.unit } : undefined;
  const scales: Scale[] = opts.quick
    ? [{ feeds: 50, items: 20, probes: 3, targets: false }]
    : [
        { feeds: 500, items: 50, probes: 20, targets: true },
        { feeds: 5000, items: 20, probes: 0, targets: true },
      ];
  const idle = opts.raw.find((m) => m.name.startsWith("idle node + tsx"));
  const rssBase: Baseline | undefined = idle ? { name: "idle node+tsx process", value: idle.value, unit: idle.unit } : undefined;
  const chosen = opts.scales ? opts.scales.split(",").map(parseScale) : scales;
  const out: Metric[] = [];
  for (const s of chosen) out.push(...(await benchScale(s, baseline, rssBase)));
  return out;
}

function parseScale(spec: string): Scale {
  const m = /^(\d+)x(\d+)$/.exec(spec.trim());
  if (!m) throw new Error(`--scales: "${spec}" is not FEEDSxITEMS (e.g. 500x50)`);
  const feeds = Number(m[1]);
  return { feeds, items: Number(m[2]), probes: feeds <= 1000 ? 20 : 0, targets: true };
}

async function benchScale(s: Scale, baseline: Baseline | undefined, rssBase: Baseline | undefined): Promise<Metric[]> {
  const label = `${s.feeds}×${s.items}`;
  process.stderr.write(`  system ${label}: starting\n`);
  const run = await startSystemRun({ world: { feeds: s.feeds, items: s.items, seed: 7 }, pipeline: { pollIntervalSeconds: 300, logLevel: "info" } });
  const out: Metric[] = [];
  try {
    out.push(...(await cold(run, label, s, baseline)));
    out.push(...(await warmCycle(run, label, s, "warm (all 304)", 0)));
    out.push(...(await warmCycle(run, label, s, "10%-changed cycle", 5)));
    if (s.probes) out.push(...(await latency(run, label, s.probes)));
    for (const name of SERVICES) run.notePeak(name);
    const articles = run.readModel.count("articles");
    for (const name of SERVICES) {
      const peak = run.peakMiB.get(name);
      if (peak === undefined) continue;
      const big = articles >= 100_000;
      out.push({
        name: `${label}: ${name} peak RSS`,
        value: peak,
        unit: "MiB",
        ...(rssBase ? { baseline: rssBase } : {}),
        // The issue says 200 MB; VmHWM is in KiB, so the target is 200e6 bytes in MiB.
        ...(big && s.targets ? { target: { op: "<" as const, value: 200e6 / 2 ** 20, unit: "(200 MB)" } } : {}),
        note: `VmHWM of the ${name} process, ${articles.toLocaleString("en-US")} articles stored`,
      });
    }
  } catch (err) {
    for (const name of SERVICES) process.stderr.write(`--- ${name} log tail ---\n${run.logTail(name)}\n`);
    throw err;
  } finally {
    await run.close();
  }
  return out;
}

/** Starts the ingester with every feed due at one instant; resolves just before it, with the ingester's CPU seconds then. */
async function startIngesterAllDue(run: SystemRun): Promise<{ dueAt: number; cpuAtDue: number }> {
  const dueAt = Date.now() + STARTUP_MARGIN_MS;
  makeAllDueAt(run.pipeline.stateDb, dueAt);
  run.server.resetStats();
  run.probe.resetPolled();
  run.fleet.start("ingester");
  await sleep(Math.max(0, dueAt - Date.now() - 50));
  return { dueAt, cpuAtDue: run.fleet.cpuSeconds("ingester") };
}

async function cold(run: SystemRun, label: string, s: Scale, baseline: Baseline | undefined): Promise<Metric[]> {
  for (const name of ["classifier", "projector", "alerter"] as const) run.fleet.start(name);
  if (!(await run.waitConsumers(3, 60_000))) throw new Error("classifier/projector/alerter did not subscribe within 60 s");
  const expected = run.world.expectedItems().length;
  const { dueAt } = await startIngesterAllDue(run);
  const stage = { discovered: 0, classified: 0 };
  const cpu0 = new Map<ServiceName | "nats-server" | "harness", number>();
  const natsCpu = () => procCpuSeconds(run.nats.process.pid);
  const harnessCpu = () => (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
  let sampled = false;
  const timeoutMs = 60_000 + expected * 5;
  const done = await until(async () => {
    if (!sampled && run.server.stats.firstRequestAt) {
      sampled = true;
      for (const n of SERVICES) cpu0.set(n, run.fleet.cpuSeconds(n));
      cpu0.set("nats-server", natsCpu());
      cpu0.set("harness", harnessCpu());
    }
    if (!stage.discovered || !stage.classified) {
      const c = await run.probe.subjectCounts();
      if (!stage.discovered && (c["gw.article.discovered"] ?? 0) >= expected) stage.discovered = Date.now();
      if (!stage.classified && (c["gw.classification.recorded"] ?? 0) >= expected) stage.classified = Date.now();
    }
    return run.readModel.count("articles") >= expected;
  }, timeoutMs);
  if (!done) throw new Error(`cold ${label}: ${run.readModel.count("articles")}/${expected} articles after ${timeoutMs / 1000} s`);
  const t0 = run.server.stats.firstRequestAt;
  const ms = done - t0;
  const cpu = [
    ...SERVICES.map((n) => `${n} ${(run.fleet.cpuSeconds(n) - (cpu0.get(n) ?? 0)).toFixed(1)}`),
    `nats-server ${(natsCpu() - (cpu0.get("nats-server") ?? 0)).toFixed(1)}`,
    `harness (feed server, probes) ${(harnessCpu() - (cpu0.get("harness") ?? 0)).toFixed(1)}`,
  ].join(", ");
  const late = t0 > dueAt + 500 ? ` The first request came ${t0 - dueAt} ms after the due time (ingester started late).` : "";
  const rel = (t: number) => (t ? `${((t - t0) / 1000).toFixed(2)} s` : "n/a");
  const where = `Stages done after the first request: all discovered events stored ${rel(stage.discovered)}, all classified ${rel(stage.classified)}, all projected ${rel(done)}. CPU s during cold: ${cpu}.${late}`;
  const is500 = s.feeds === 500 && s.items === 50;
  return [
    { name: `${label}: cold start, first poll → all projected`, value: ms / 1000, unit: "s", ...(is500 ? { target: { op: "<", value: 4 } } : {}), note: where },
    {
      name: `${label}: cold end-to-end rate`,
      value: perSecond(expected, ms),
      unit: "articles/s",
      ...(baseline ? { baseline, target: { op: ">=", value: 0.4 * baseline.value, unit: "(40% of raw)" } } : {}),
    },
    ...(await alertsDone(run, label, done)),
  ];
}

/**
 * Every development in the read model alerted once: how long after the last
 * article was projected, and whether the ids agree. A development can be
 * regrouped after its alert (a late article that sorts first becomes the lead
 * and the id follows the lead); those show up as alerted ids missing from
 * the read model, and the note counts them.
 */
async function alertsDone(run: SystemRun, label: string, projectedAt: number): Promise<Metric[]> {
  const devIds = () => new Set(run.readModel.all<{ id: string }>("SELECT development_id AS id FROM latest_developments").map((r) => r.id));
  const alerted = () => new Set(run.hook.calls.map((c) => String(c.body.development_id)));
  let lastCalls = -1;
  let quietSince = Date.now();
  const t = await until(() => {
    if (run.hook.calls.length !== lastCalls) {
      lastCalls = run.hook.calls.length;
      quietSince = Date.now();
    }
    const a = alerted();
    const ids = devIds();
    return (ids.size > 0 && [...ids].every((id) => a.has(id))) || Date.now() - quietSince > 5000;
  }, 120_000, 100);
  const ids = devIds();
  const a = alerted();
  const missing = [...ids].filter((id) => !a.has(id)).length;
  const ghosts = [...a].filter((id) => !ids.has(id)).length;
  const calls = run.hook.calls.length;
  const note =
    `${ids.size} developments, ${a.size} distinct ids alerted in ${calls} webhook calls; ` +
    `${missing} developments never alerted under their current id, ${ghosts} alerted ids no longer in the read model (regrouped)`;
  const complete = missing === 0;
  return [{ name: `${label}: all developments alerted, after all projected`, value: complete && t ? Math.max(0, t - projectedAt) : Number.NaN, unit: "ms", note }];
}

async function warmCycle(run: SystemRun, label: string, s: Scale, what: string, newItems: number): Promise<Metric[]> {
  run.notePeak("ingester");
  await run.fleet.stop("ingester");
  const changed = newItems ? run.world.feeds.map((_, f) => f).filter((f) => f % 10 === 0) : [];
  for (const f of changed) run.world.advance(f, newItems);
  const expected = run.world.expectedItems().length;
  const { cpuAtDue } = await startIngesterAllDue(run);
  const polled = await until(() => run.probe.polled >= s.feeds, 120_000);
  const cpu = run.fleet.cpuSeconds("ingester") - cpuAtDue;
  if (!polled) throw new Error(`${what} ${label}: ${run.probe.polled}/${s.feeds} feeds polled`);
  const cycleMs = run.probe.lastPolledAt - run.server.stats.firstRequestAt;
  const st = run.server.stats;
  const note = `${st.notModified} × 304, ${st.ok} × 200; ingester CPU during the cycle ${cpu.toFixed(2)} s`;
  const is500 = s.feeds === 500;
  const out: Metric[] = [{ name: `${label}: ${what}, first request → last poll result event`, value: cycleMs, unit: "ms", ...(is500 && !newItems ? { target: { op: "<", value: 500 } } : {}), note }];
  if (newItems) {
    const projected = await until(() => run.readModel.count("articles") >= expected, 120_000);
    out.push({ name: `${label}: ${what}, first request → ${changed.length * newItems} new articles projected`, value: projected ? projected - st.firstRequestAt : Number.NaN, unit: "ms" });
  }
  return out;
}

/** New talks items on a running system polling every second; latency from the fetch that carried them to the webhook. */
async function latency(run: SystemRun, label: string, probes: number): Promise<Metric[]> {
  run.notePeak("ingester");
  await run.fleet.stop("ingester");
  // The stored next polls are 300 s away; make them due now so the 1 s interval takes over.
  makeAllDueAt(run.pipeline.stateDb, Date.now() + STARTUP_MARGIN_MS);
  run.fleet.start("ingester", { GW_POLL_INTERVAL: "1" });
  await sleep(STARTUP_MARGIN_MS + 2000);
  const feeds = run.world.normalFeeds();
  const added: Array<{ f: number; idx: number; url: string }> = [];
  for (let k = 0; k < probes; k++) {
    const f = feeds[(k * 37) % feeds.length]!;
    const item = run.world.addProbe(f);
    added.push({ f, idx: run.world.feeds[f]!.items.length - 1, url: run.server.origin + item.path });
    await sleep(300);
  }
  const hookAt = (url: string) => run.hook.calls.find((c) => c.body.url === url)?.at;
  await until(() => added.every((a) => hookAt(a.url) !== undefined), 30_000, 50);
  const lat = added.flatMap((a) => {
    const served = run.world.feeds[a.f]!.firstServedAt[a.idx];
    const at = hookAt(a.url);
    return served !== undefined && at !== undefined ? [at - served] : [];
  });
  lat.sort((x, y) => x - y);
  const note = `${lat.length}/${probes} probe items opened an alerted development; feeds polled every 1 s (the wait for the poll is not counted)`;
  return [
    { name: `${label}: end-to-end latency p50, fetch → webhook`, value: percentile(lat, 50), unit: "ms", note },
    { name: `${label}: end-to-end latency p99, fetch → webhook`, value: percentile(lat, 99), unit: "ms", target: { op: "<", value: 200 } },
  ];
}
