import { z } from "zod";

export const ENVELOPE_VERSION = 1;

export const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not an ISO-8601 date");

/** Wraps a data schema in the common envelope. */
export function envelopeOf<T extends string, D extends z.ZodTypeAny>(type: T, data: D) {
  return z.object({
    id: z.string().min(1),
    type: z.literal(type),
    version: z.literal(ENVELOPE_VERSION),
    time: isoDate,
    data,
  });
}

export interface Envelope<T extends string = string, D = unknown> {
  id: string;
  type: T;
  version: typeof ENVELOPE_VERSION;
  time: string;
  data: D;
}

export function makeEnvelope<T extends string, D>(type: T, id: string, data: D, time: string): Envelope<T, D> {
  return { id, type, version: ENVELOPE_VERSION, time, data };
}
