/**
 * The projector: classification events → the SQLite read model
 * (`latest_developments`, `articles`, ...) exactly once, development events
 * through an outbox, a read-only HTTP API, `gw latest` and `gw rebuild`.
 */
export { runProjector } from "./service.ts";
export { latestCommand } from "./latest-cli.ts";
export { rebuildCommand } from "./rebuild-cli.ts";
export { rebuildReadModel } from "./rebuild-read-model.ts";
export { openReadModel, openReadModelReadonly } from "./open-read-model.ts";
export { getDevelopment, listArticles, listDevelopments, parseSince, readModelStatus } from "./queries.ts";
export { assignDevelopment, matchLead } from "./developments.ts";
