import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type Config } from "@gw/config";

/** Writes a config file into `dir` and loads it the way the services do. */
export function writeTestConfig(dir: string, natsUrl: string, extra: Record<string, unknown> = {}): { file: string; config: Config } {
  const file = join(dir, "geneva-watch.config.json");
  const body = { natsUrl, db: join(dir, "geneva-watch.db"), logLevel: process.env.TEST_LOG ?? "silent", ...extra };
  writeFileSync(file, JSON.stringify(body, null, 2));
  return { file, config: loadConfig({ GW_CONFIG: file }, dir) };
}
