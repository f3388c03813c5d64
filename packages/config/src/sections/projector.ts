import { z } from "zod";

/** Projector settings (config file key `projector`). */
export const projectorSection = z
  .object({
    batchSize: z.number().int().min(1).max(10_000).default(500),
    httpHost: z.string().default("127.0.0.1"),
    /** 0 picks a free port; -1 disables the HTTP API. */
    httpPort: z.number().int().min(-1).max(65535).default(8787),
    /** How far apart two articles of one development may be discovered (hours). */
    windowHours: z.number().positive().default(48),
    /** How often pending outbox rows are relayed besides after each commit (ms). */
    relayIntervalMs: z.number().int().min(50).default(1000),
  })
  .strict();
export type ProjectorConfig = z.infer<typeof projectorSection>;
