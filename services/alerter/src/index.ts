/** The alerter: development events → ledger → channels, each alert once per channel. */
export { runAlerter, runAlerterWith, type AlerterOptions } from "./service.ts";
export { alertsCommand } from "./alerts-cli.ts";
export { createLedger, type Ledger } from "./ledger.ts";
export { ledgerPath } from "./open-ledger.ts";
export type { Alert } from "./alert-payload.ts";
export type { Channel } from "./channels/channel.ts";
