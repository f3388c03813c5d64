import { createHash } from "node:crypto";

/** A short, stable hex digest of the parts, joined unambiguously. */
export function stableId(...parts: ReadonlyArray<string | number>): string {
  const h = createHash("sha256");
  for (const p of parts) {
    const s = String(p);
    h.update(`${s.length}:${s};`);
  }
  return h.digest("hex").slice(0, 24);
}
