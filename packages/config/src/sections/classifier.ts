import { z } from "zod";

/** Classifier settings (config file key `classifier`). */
export const classifierSection = z.object({}).strict();
export type ClassifierConfig = z.infer<typeof classifierSection>;
