import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { httpUrl } from "./http-url.ts";
import { alerterSection } from "./sections/alerter.ts";
import { classifierSection } from "./sections/classifier.ts";
import { ingesterSection } from "./sections/ingester.ts";
import { projectorSection } from "./sections/projector.ts";

export class ConfigError extends Error {
  override name = "ConfigError";
}


const natsUrl = z.string().refine((s) => /^(nats|tls|ws|wss):\/\/|^[\w.-]+:\d+$/.test(s), "must be a NATS URL such as nats://127.0.0.1:4222");

const configSchema = z
  .object({
    natsUrl: natsUrl.optional(),
    /** Port and binary of the local nats-server that `pnpm start` runs when natsUrl is unset. */
    localNatsPort: z.number().int().min(1).max(65535).default(4222),
    natsServerBin: z.string().min(1).optional(),
    db: z.string().min(1).default("data/geneva-watch.db"),
    dataDir: z.string().min(1).default("data"),
    feeds: z.string().min(1).optional(),
    topics: z.string().min(1).optional(),
    pollIntervalSeconds: z.number().min(1).default(300),
    alertWebhooks: z.array(httpUrl).default([]),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    stream: z
      .object({
        /** How long JetStream waits for an ack before redelivering (ms). */
        ackWaitMs: z.number().int().min(1000).default(30_000),
        replicas: z.number().int().min(1).default(1),
        /** Days of poll results (one event per feed per poll) kept in the GW_POLLS stream; the event store itself has no limit. */
        pollHistoryDays: z.number().min(1).default(14),
      })
      .strict()
      .default({ ackWaitMs: 30_000, replicas: 1, pollHistoryDays: 14 }),
    ingester: ingesterSection.default(ingesterSection.parse({})),
    classifier: classifierSection.default({}),
    projector: projectorSection.default(projectorSection.parse({})),
    alerter: alerterSection.default(alerterSection.parse({})),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

type Env = Record<string, string | undefined>;

/** Env var → config key. The contract fixes these names. */
const ENV_KEYS: Record<string, (v: string) => [string, unknown]> = {
  NATS_URL: (v) => ["natsUrl", v],
  GW_DB: (v) => ["db", v],
  GW_FEEDS: (v) => ["feeds", v],
  GW_TOPICS: (v) => ["topics", v],
  GW_POLL_INTERVAL: (v) => ["pollIntervalSeconds", Number(v)],
  GW_ALERT_WEBHOOK: (v) => ["alertWebhooks", v.split(",").map((s) => s.trim()).filter(Boolean)],
  LOG_LEVEL: (v) => ["logLevel", v],
};

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`config file ${path}: cannot be read (${(err as Error).message})`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not a JSON object");
    return value as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`config file ${path}: not valid JSON (${(err as Error).message})`);
  }
}

function envName(key: string): string {
  return Object.entries(ENV_KEYS).find(([, f]) => f("0")[0] === key)?.[0] ?? "";
}

/** Loads and validates the configuration; throws one ConfigError naming the bad key or file. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const explicit = env.GW_CONFIG;
  const defaultFile = join(cwd, "geneva-watch.config.json");
  const file = explicit ? resolve(cwd, explicit) : existsSync(defaultFile) ? defaultFile : undefined;
  const raw: Record<string, unknown> = file ? readConfigFile(file) : {};
  const fromEnv = new Set<string>();
  for (const [name, toEntry] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v === undefined || v === "") continue;
    const [key, value] = toEntry(v);
    raw[key] = value;
    fromEnv.add(key);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String);
    const keys = issue.code === "unrecognized_keys" ? [...path, issue.keys.join(", ")].join(".") : path.join(".");
    const top = path[0] ?? "";
    const where = fromEnv.has(top) ? `environment variable ${envName(top)}` : file ? `config file ${file}, key "${keys}"` : `key "${keys}"`;
    throw new ConfigError(`bad configuration: ${where}: ${issue.message}`);
  }
  const config: Config = parsed.data;
  for (const [key, path] of [["feeds", config.feeds], ["topics", config.topics]] as const) {
    if (path && !existsSync(resolve(cwd, path))) {
      throw new ConfigError(`bad configuration: ${fromEnv.has(key) ? envName(key) : key}: file ${path} does not exist`);
    }
  }
  return config;
}
