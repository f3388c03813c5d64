/**
 * The alerter's share of the feed→webhook latency: from a development event
 * published on the bus to the webhook call arriving at a local receiver,
 * through the real path (durable consumer → ledger commit → ack → channel
 * worker → POST → ledger "sent"). Baseline, in the same run: the same bus
 * consumer loop POSTing straight from the handler, with no ledger, i.e. what
 * the once-only guarantee costs.
 *
 * Two loads: a trickle (one event at a time, as developments really arrive)
 * and a burst (events published back to back; latency includes queueing).
 */
import { pino } from "pino";
import { z } from "zod";
import { connectBus, ensureStreams, publishEvent, publishEvents, runConsumerLoop, type Bus } from "@gw/bus";
import { SUBJECTS, developmentOpened, developmentOpenedEvent, type DevelopmentData } from "@gw/events";
import { startNatsServer, tempDir } from "@gw/testkit";
import { runAlerterWith } from "@gw/alerter/service";
import { createWebhookChannel } from "@gw/alerter/channels/webhook";
import { writeTestConfig } from "@gw/alerter/testing/test-config";
import { startWebhookReceiver, type WebhookReceiver } from "@gw/alerter/testing/webhook-receiver";

interface BenchMetric {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
}

const logger = pino({ level: "silent" });
let runId = 0;

function dev(tag: string, i: number): DevelopmentData {
  const id = `bench-${tag}-${i}`;
  const at = new Date().toISOString();
  return { development_id: id, headline: `Bench development ${i} on the Geneva talks`, url: `https://bench.example/${id}`, source: "Bench", topics: ["ceasefire"], first_seen_at: at, updated_at: at, article_count: 1, source_count: 1, lead_article_id: `a-${id}` };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : Number.NaN;
};
const round = (x: number) => Math.round(x * 100) / 100;

/** Publishes `n` developments (one at a time, or all at once) and returns each one's publish→webhook latency (ms). */
async function measure(bus: Bus, hook: WebhookReceiver, tag: string, n: number, burst: boolean, subject: string): Promise<number[]> {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let notify: (() => void) | undefined;
  const off = hook.onReceive((r) => {
    const id = r.key.split(":")[0] ?? String((r.body as { development_id?: string }).development_id);
    const t = sentAt.get(id);
    if (t === undefined) return;
    sentAt.delete(id);
    latencies.push(r.at - t);
    notify?.();
  });
  const until = (count: number) => new Promise<void>((resolve) => {
    const check = () => (latencies.length >= count ? resolve() : void (notify = check));
    check();
  });
  try {
    const events = Array.from({ length: n }, (_, i) => developmentOpenedEvent(dev(tag, i), new Date().toISOString()));
    if (burst) {
      for (const e of events) sentAt.set(e.data.development_id, performance.now());
      await Promise.all(events.map((e) => publishEvent(bus.js, subject, e)));
    } else {
      for (const [i, e] of events.entries()) {
        sentAt.set(e.data.development_id, performance.now());
        await publishEvent(bus.js, subject, e);
        await until(i + 1);
      }
    }
    await until(n);
  } finally {
    off();
  }
  return latencies;
}

/**
 * CPU the alerter spends per alert: `burstN` development events are stored on
 * the stream first, then a fresh alerter (fresh ledger, a channel that accepts
 * at once, so no HTTP is counted) drains them; process CPU from its start until
 * the last is marked sent. The publisher and receiver are idle meanwhile.
 */
async function measureCpuPerAlert(bus: Bus, url: string, tag: string, n: number): Promise<{ cpuMs: number; wallMs: number }> {
  const dir = tempDir("gw-bench-alerter-cpu-");
  const ac = new AbortController();
  try {
    const events = Array.from({ length: n }, (_, i) => developmentOpenedEvent(dev(`${tag}-cpu`, i), new Date().toISOString()));
    await publishEvents(bus.js, events.map((event) => ({ subject: SUBJECTS.developmentOpened, event })));
    const { config } = writeTestConfig(dir.path, url, { alerter: { console: false, nats: false, rateLimit: { max: 0 } } });
    let sent = 0;
    let allSent: () => void = () => {};
    const finished = new Promise<void>((resolve) => (allSent = resolve));
    const sink = { id: "sink", deliver: async () => {} };
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const alerter = runAlerterWith({ config, logger, bus, signal: ac.signal }, { channels: [sink], onSent: () => void (++sent >= n && allSent()) });
    await finished;
    const c = process.cpuUsage(c0);
    const wallMs = performance.now() - t0;
    ac.abort();
    await alerter;
    return { cpuMs: (c.user + c.system) / 1000, wallMs };
  } finally {
    ac.abort();
    dir.remove();
  }
}

export async function benchAlerter(opts: { quick: boolean; natsUrl?: string }): Promise<BenchMetric[]> {
  const server = opts.natsUrl ? undefined : await startNatsServer();
  const url = opts.natsUrl ?? server!.url;
  const dir = tempDir("gw-bench-alerter-");
  const hook = await startWebhookReceiver();
  const bus = await connectBus(url, "bench-alerter", logger);
  const ac = new AbortController();
  const tag = `r${Date.now()}-${++runId}`;
  const n = opts.quick ? 100 : 500;
  const burstN = opts.quick ? 200 : 1000;
  try {
    await ensureStreams(bus.jsm);
    // Baseline: the bus loop POSTing from its handler (no ledger), on its own subject and consumer.
    const rawSubject = `gw.bench.raw-${tag}`;
    const hookChannel = createWebhookChannel(hook.url);
    const raw = runConsumerLoop({
      js: bus.js, jsm: bus.jsm, logger, durable: `bench-raw-${tag}`, filterSubject: rawSubject, signal: ac.signal,
      schema: z.discriminatedUnion("type", [developmentOpened]),
      handle: async (batch) => {
        for (const b of batch) await hookChannel.deliver(b.event.data as never, { idempotencyKey: `${b.event.data.development_id}:raw`, signal: AbortSignal.timeout(5000) });
      },
    });
    const baseTrickle = await measure(bus, hook, `${tag}-base`, n, false, rawSubject);
    const baseBurst = await measure(bus, hook, `${tag}-base-b`, burstN, true, rawSubject);

    const { config } = writeTestConfig(dir.path, url, { alerter: { console: false, nats: false, rateLimit: { max: 0 } } });
    const alerter = runAlerterWith({ config, logger, bus, signal: ac.signal }, { channels: [createWebhookChannel(hook.url)] });
    await measure(bus, hook, `${tag}-warm`, 20, false, SUBJECTS.developmentOpened);
    const trickle = await measure(bus, hook, `${tag}-t`, n, false, SUBJECTS.developmentOpened);
    const burst = await measure(bus, hook, `${tag}-b`, burstN, true, SUBJECTS.developmentOpened);
    ac.abort();
    await Promise.all([alerter, raw]);
    const cpuN = opts.quick ? 500 : 2000;
    const cpu = await measureCpuPerAlert(bus, url, tag, cpuN);
    const base = (xs: number[], p: number) => ({ name: `bus consumer → POST, no ledger, p${p}`, value: round(pct(xs, p)), unit: "ms" });
    return [
      { name: "alerter event→webhook p50 (trickle)", value: round(pct(trickle, 50)), unit: "ms", baseline: base(baseTrickle, 50) },
      { name: "alerter event→webhook p99 (trickle)", value: round(pct(trickle, 99)), unit: "ms", baseline: base(baseTrickle, 99) },
      { name: `alerter event→webhook p50 (burst of ${burstN})`, value: round(pct(burst, 50)), unit: "ms", baseline: base(baseBurst, 50) },
      { name: `alerter event→webhook p99 (burst of ${burstN})`, value: round(pct(burst, 99)), unit: "ms", baseline: base(baseBurst, 99) },
      { name: `alerter burst of ${burstN} drained`, value: round(Math.max(...burst)), unit: "ms" },
      { name: `alerter CPU per alert (backlog of ${cpuN}, no HTTP)`, value: round((cpu.cpuMs / cpuN) * 1000) / 1000, unit: "ms" },
      { name: `alerter backlog of ${cpuN} drained (no HTTP)`, value: round(cpu.wallMs), unit: "ms" },
    ];
  } finally {
    ac.abort();
    await bus.close();
    await hook.close();
    await server?.stop();
    dir.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes("--quick");
  for (const m of await benchAlerter({ quick })) console.log(`${m.name.padEnd(48)} ${String(m.value).padStart(9)} ${m.unit}${m.baseline ? `   (${m.baseline.name}: ${m.baseline.value} ${m.baseline.unit})` : ""}`);
}
