/**
 * The only module that reads process.env. Precedence: defaults < config file < env vars.
 * The config file is `GW_CONFIG`, else `geneva-watch.config.json` in the working
 * directory when present. Anything invalid throws one ConfigError naming the key or file.
 */
export { loadConfig, ConfigError, type Config } from "./load-config.ts";
export type { IngesterConfig } from "./sections/ingester.ts";
export type { ProjectorConfig } from "./sections/projector.ts";
export type { AlerterConfig } from "./sections/alerter.ts";
