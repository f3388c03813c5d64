import type { z } from "zod";

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

export type Decoded<T> = { ok: true; event: T } | { ok: false; reason: string; skip?: boolean };

/**
 * Validates a message body at the edge. A well-formed envelope of a type the
 * consumer does not handle is skipped (consumers ignore types they do not know);
 * anything else that fails its schema is a dead letter.
 */
export function decodeEvent<T>(data: Uint8Array, schema: z.ZodType<T>, acceptTypes?: ReadonlySet<string>): Decoded<T> {
  let json: unknown;
  try {
    json = JSON.parse(utf8Decoder.decode(data));
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  if (acceptTypes && isEnvelopeLike(json) && !acceptTypes.has(json.type)) {
    return { ok: false, skip: true, reason: `type ${json.type} not handled here` };
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, reason: `schema: ${i ? `${i.path.join(".") || "(root)"}: ${i.message}` : r.error.message}` };
  }
  return { ok: true, event: r.data };
}

function isEnvelopeLike(v: unknown): v is { type: string } {
  return typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string" && "id" in v && "data" in v;
}

export function encodeEvent(event: unknown): Uint8Array {
  return utf8Encoder.encode(JSON.stringify(event));
}
