/**
 * Bytes → text, with the charset found in this order (XML 1.0 Appendix F,
 * RFC 7303 §3): a byte-order mark; the UTF-16/32 byte pattern of "<?" when
 * there is no BOM; the HTTP `charset` parameter; the XML declaration's
 * `encoding`; else UTF-8. Two repairs for feeds that lie:
 * - a declared single-byte charset over bytes that are valid UTF-8 with
 *   non-ASCII sequences is taken as UTF-8 (real windows-1251/Latin-1 text is
 *   essentially never valid UTF-8, while mislabelled UTF-8 is common);
 * - undeclared bytes that are not valid UTF-8 are windows-1252 (a Latin-1
 *   superset, what browsers do), never U+FFFD soup.
 * An unknown charset name is skipped, not fatal.
 */
import iconv from "iconv-lite";

export type CharsetSource = "bom" | "pattern" | "http" | "xml" | "sniffed" | "default";

export interface DecodedBody {
  text: string;
  charset: string;
  source: CharsetSource;
}

const BOMS: Array<[number[], string]> = [
  [[0x00, 0x00, 0xfe, 0xff], "utf-32be"],
  [[0xff, 0xfe, 0x00, 0x00], "utf-32le"],
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xfe, 0xff], "utf-16be"],
  [[0xff, 0xfe], "utf-16le"],
];

/** The wide encoding of a document that starts with an ASCII character and no BOM (XML 1.0 Appendix F). */
function widePattern(b: Uint8Array): string | undefined {
  if (b.length < 4) return undefined;
  const [b0, b1, b2, b3] = [b[0]!, b[1]!, b[2]!, b[3]!];
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return "utf-32be";
  if (b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return "utf-32le";
  if (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return "utf-16be";
  if (b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return "utf-16le";
  return undefined;
}

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);

const SINGLE_BYTE = /^(windows-125\d|cp125\d|iso-?8859-\d+|latin-?1|koi8-?[ru]|us-ascii|ascii|x-mac-cyrillic|maccyrillic|ibm866|cp866)$/i;

export function httpCharset(contentType: string | null | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*["']?([^"';\s]+)["']?/i.exec(contentType ?? "");
  return m?.[1]?.toLowerCase();
}

export function xmlDeclaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function validUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

function usable(name: string | undefined): name is string {
  return name !== undefined && iconv.encodingExists(name);
}

function decodeAs(bytes: Uint8Array, charset: string): string {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset, { stripBOM: true });
  return text;
}

export function decodeBody(bytes: Uint8Array, contentType?: string | null): DecodedBody {
  for (const [sig, charset] of BOMS) if (startsWith(bytes, sig)) return { text: decodeAs(bytes, charset), charset, source: "bom" };
  const wide = widePattern(bytes);
  if (wide) return { text: decodeAs(bytes, wide), charset: wide, source: "pattern" };
  const declared: Array<[string | undefined, CharsetSource]> = [[httpCharset(contentType), "http"], [xmlDeclaredCharset(bytes), "xml"]];
  for (const [charset, source] of declared) {
    if (!usable(charset)) continue;
    if (SINGLE_BYTE.test(charset) && hasNonAscii(bytes)) {
      const asUtf8 = validUtf8(bytes);
      if (asUtf8 !== undefined) return { text: asUtf8, charset: "utf-8", source: "sniffed" };
    }
    // A UTF-16 label over bytes with no wide pattern is a lie (the XML is plainly 8-bit).
    if (/^utf-?(16|32)/i.test(charset)) continue;
    return { text: decodeAs(bytes, charset), charset, source };
  }
  const asUtf8 = validUtf8(bytes);
  if (asUtf8 !== undefined) return { text: asUtf8, charset: "utf-8", source: "default" };
  return { text: decodeAs(bytes, "windows-1252"), charset: "windows-1252", source: "sniffed" };
}
