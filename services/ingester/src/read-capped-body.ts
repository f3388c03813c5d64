/**
 * Reads a response body into memory, stopping (and cancelling the download)
 * as soon as it passes the cap, so a 2 GB "feed" costs at most cap bytes.
 * The cap applies to decoded bytes (after Content-Encoding), so a gzip bomb is
 * caught too. A gzip stream served without Content-Encoding (seen in the wild)
 * is inflated here, under the same cap.
 */
import { gunzipSync } from "node:zlib";

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}

export async function readCappedBody(res: Response, cap: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (!res.headers.get("content-encoding") && declared > cap) {
    await res.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(`body over the ${cap}-byte cap (Content-Length ${declared})`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(`body over the ${cap}-byte cap`);
    }
    chunks.push(value);
  }
  const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  return maybeGunzip(body, cap);
}

function maybeGunzip(body: Uint8Array, cap: number): Uint8Array {
  if (body[0] !== 0x1f || body[1] !== 0x8b) return body;
  try {
    return gunzipSync(body, { maxOutputLength: cap });
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new BodyTooLargeError(`gzip body inflates past the ${cap}-byte cap`);
    }
    return body; // not really gzip: let the parser judge the bytes
  }
}
