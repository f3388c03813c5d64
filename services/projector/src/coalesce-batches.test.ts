import { describe, expect, it } from "vitest";
import { setTimeout as delay } from "node:timers/promises";
import { coalesceBatches } from "./coalesce-batches.ts";

async function* source(batches: Array<number[] | number>) {
  for (const b of batches) {
    if (typeof b === "number") await delay(b);
    else yield b;
  }
}

async function collect<T>(it: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const b of it) out.push(b);
  return out;
}

describe("coalesceBatches", () => {
  it.each([
    { name: "joins a burst of small batches up to max", input: [[1], [2, 3], [4], [5, 6, 7]], max: 4, want: [[1, 2, 3, 4], [5, 6, 7]] },
    { name: "keeps a pause as a boundary", input: [[1], [2], 30, [3]], max: 10, want: [[1, 2], [3]] },
    { name: "passes an empty source through", input: [], max: 10, want: [] },
  ])("$name", async ({ input, max, want }) => {
    expect(await collect(coalesceBatches(source(input), max, 10))).toEqual(want);
  });
});
