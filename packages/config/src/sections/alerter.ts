import { z } from "zod";

/** Alerter settings (config file key `alerter`). */
export const alerterSection = z
  .object({
    /** SQLite file for the delivery ledger; kept apart from the read model so a rebuild never touches it. */
    ledgerDb: z.string().min(1).optional(),
    console: z.boolean().default(true),
  })
  .passthrough();
export type AlerterConfig = z.infer<typeof alerterSection>;
