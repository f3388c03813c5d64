import { z } from "zod";

/** Ingester settings (config file key `ingester`). */
export const ingesterSection = z
  .object({
    /** SQLite file for feed state (ETag, next poll, seen ids). */
    stateDb: z.string().min(1).optional(),
    /** Polls in flight at once over all feeds; on real networks only concurrency hides latency. */
    concurrency: z.number().int().min(1).max(1024).default(64),
    bodyCapBytes: z.number().int().min(1024).default(10 * 1024 * 1024),
    connectTimeoutMs: z.number().int().min(100).default(10_000),
    totalTimeoutMs: z.number().int().min(100).default(30_000),
    maxBackoffSeconds: z.number().int().min(1).default(6 * 3600),
    jitter: z.number().min(0).max(1).default(0.1),
    userAgent: z.string().optional(),
  })
  .strict();
export type IngesterConfig = z.infer<typeof ingesterSection>;
