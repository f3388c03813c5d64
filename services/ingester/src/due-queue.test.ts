import { describe, expect, it } from "vitest";
import { DueQueue } from "./due-queue.ts";

describe("DueQueue", () => {
  it("pops due feeds earliest first, honouring re-scheduling and deletion", () => {
    const q = new DueQueue();
    q.set("a", 30);
    q.set("b", 10);
    q.set("c", 20);
    q.set("a", 5); // rescheduled earlier: the old entry is stale
    q.delete("c");
    expect(q.peekTime()).toBe(5);
    expect([q.popDue(100), q.popDue(100), q.popDue(100)]).toEqual(["a", "b", undefined]);
    q.set("d", 50);
    expect(q.popDue(49)).toBeUndefined();
    expect(q.popDue(50)).toBe("d");
    expect(q.size).toBe(0);
  });
});
