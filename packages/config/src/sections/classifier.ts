import { z } from "zod";

/**
 * Classifier settings (config file key `classifier`). The taxonomy file itself is
 * the top-level `topics` key (env GW_TOPICS); unset means the bundled
 * services/classifier/taxonomy/geneva-talks.json. Fields are optional because
 * load-config defaults this section to `{}`.
 */
export const classifierSection = z
  .object({
    /** Most articles handled (and their classifications published) per micro-batch. */
    maxBatch: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type ClassifierConfig = z.infer<typeof classifierSection>;
