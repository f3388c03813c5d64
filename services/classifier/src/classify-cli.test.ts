import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "@gw/testkit";
import { classifyCommand, type CliIo } from "./classify-cli.ts";

const dir = tempDir("gw-classify-cli-");
afterAll(() => dir.remove());

async function runCli(args: string[], stdinText = "", env: Record<string, string> = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  stdin.end(stdinText);
  const io: CliIo = { stdin, stdout, stderr, env, cwd: dir.path };
  const code = await classifyCommand(args, io);
  return { code, lines: out.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), err };
}

const talks = { id: "a1", title: "Ukraine and Russia resume peace talks in Geneva", summary: "Witkoff shuttled between delegations.", lang: "en" };
const iran = { id: "a2", title: "US and Iran hold nuclear talks in Geneva", summary: "", extra: "ignored" };

describe("gw classify", () => {
  it("answers one line per input line, in order, with bad lines reported and the run going on", async () => {
    const input = [JSON.stringify(talks), "{not json", JSON.stringify(iran), "", "[1,2]", JSON.stringify({ id: 7, title: 42 })].join("\n");
    const { code, lines } = await runCli([], `${input}\n`);
    expect(code).toBe(0);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ id: "a1", relevant: true, topics: ["us-mediation"] });
    expect(lines[0]).toHaveProperty("evidence");
    expect(lines[0]).toHaveProperty("scores");
    expect(lines[1]).toMatchObject({ line: 2, error: expect.stringMatching(/JSON/) });
    expect(lines[2]).toMatchObject({ id: "a2", relevant: false, topics: [] });
    expect(lines[3]).toMatchObject({ line: 4 });
    expect(lines[4]).toMatchObject({ line: 5, error: "not a JSON object" });
    expect(lines[5]).toMatchObject({ line: 6, error: expect.stringMatching(/title/) });
  });

  it("reads --input FILE", async () => {
    const file = join(dir.path, "in.jsonl");
    writeFileSync(file, `${JSON.stringify(talks)}\r\n${JSON.stringify(iran)}\r\n`);
    const { code, lines } = await runCli(["--input", file]);
    expect(code).toBe(0);
    expect(lines.map((l) => l.id)).toEqual(["a1", "a2"]);
  });

  it("exits 1 when the input cannot be read", async () => {
    const { code, lines, err } = await runCli(["--input", join(dir.path, "missing.jsonl")]);
    expect(code).toBe(1);
    expect(lines).toEqual([]);
    expect(err).toMatch(/missing\.jsonl/);
  });

  it.each([["-i"], ["--input="], ["--input"]])("refuses %s without a file instead of reading stdin", async (flag) => {
    const { code, err } = await runCli([flag]);
    expect(code).toBe(2);
    expect(err).toMatch(/needs a file/);
  });

  it("uses GW_TOPICS and refuses a malformed taxonomy with its file and key", async () => {
    const bad = join(dir.path, "bad-taxonomy.json");
    writeFileSync(bad, JSON.stringify({ name: "x", version: "1", gate: { score: [], threshold: 1 }, signals: {}, topics: [] }));
    const { code, err } = await runCli([], "{}\n", { GW_TOPICS: bad });
    expect(code).toBe(2);
    expect(err).toMatch(/bad-taxonomy\.json: key "gate\.score"/);
  });

  it("rejects unknown arguments", async () => {
    expect((await runCli(["--bogus"])).code).toBe(2);
  });
});
