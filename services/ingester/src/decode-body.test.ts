import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { decodeBody } from "./decode-body.ts";

const fixture = (name: string) => readFileSync(new URL(`../testdata/${name}`, import.meta.url));
const expected = (name: string) => readFileSync(new URL(`../testdata/${name}`, import.meta.url), "utf8").trim().split("\n");

describe("decodeBody", () => {
  it("decodes a windows-1251 Ukrainian feed exactly from its XML declaration", () => {
    const d = decodeBody(fixture("uk-windows-1251.xml"), "application/rss+xml");
    expect(d).toMatchObject({ charset: "windows-1251", source: "xml" });
    for (const line of expected("uk-windows-1251.expected.txt")) expect(d.text).toContain(line);
    expect(d.text).not.toContain("\uFFFD");
  });

  it("decodes KOI8-R exactly, and the HTTP charset wins over the declaration", () => {
    const d = decodeBody(fixture("ru-koi8-r.xml"), "text/xml; charset=KOI8-R");
    expect(d).toMatchObject({ charset: "koi8-r", source: "http" });
    for (const line of expected("ru-koi8-r.expected.txt")) expect(d.text).toContain(line);
  });

  it("decodes Latin-1", () => {
    expect(decodeBody(fixture("fr-latin1.xml")).text).toContain("Pourparlers à Genève : négociateurs réunis");
  });

  it.each([
    ["utf-8 BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<a>é</a>")]), "utf-8", "bom"],
    ["utf-16le BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode("<a>é</a>", "utf-16le")]), "utf-16le", "bom"],
    ["utf-16be no BOM", iconv.encode('<?xml version="1.0"?><a>é</a>', "utf-16be"), "utf-16be", "pattern"],
    ["utf-32le no BOM", iconv.encode("<a>é</a>", "utf-32le"), "utf-32le", "pattern"],
    ["BOM beats HTTP charset", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<a>é</a>")]), "utf-8", "bom", "text/xml; charset=koi8-r"],
    ["undeclared Latin-1 bytes", iconv.encode("<a>é</a>", "latin1"), "windows-1252", "sniffed"],
    ["UTF-8 mislabelled Latin-1", Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><a>é</a>'), "utf-8", "sniffed"],
    ["unknown charset falls through", Buffer.from("<a>é</a>"), "utf-8", "default", "text/xml; charset=x-bogus"],
  ])("%s", (_name, bytes, charset, source, contentType?: string) => {
    const d = decodeBody(bytes, contentType);
    expect(d).toMatchObject({ charset, source });
    expect(d.text.replace(/^<\?xml[^>]*>/, "")).toBe("<a>é</a>");
  });
});
