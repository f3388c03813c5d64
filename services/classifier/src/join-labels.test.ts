import { describe, expect, it } from "vitest";
import { joinLabels } from "./join-labels.ts";

describe("joinLabels", () => {
  it("joins labels to their text by id, in the labels' order, the labels' fields winning", () => {
    const text = ['{"id":"a","lang":"en","title":"A","summary":"sa","relevant":"?"}', "", '{"id":"b","lang":"uk","title":"B","summary":"sb"}'];
    const labels = ['{"id":"b","relevant":true,"topics":["ceasefire"]}', '{"id":"a","relevant":false,"topics":[]}', '{"id":"c","relevant":false,"topics":[]}'];
    const j = joinLabels(labels, text);
    expect(j.lines.map((l) => JSON.parse(l))).toEqual([
      { id: "b", lang: "uk", title: "B", summary: "sb", relevant: true, topics: ["ceasefire"] },
      { id: "a", lang: "en", title: "A", summary: "sa", relevant: false, topics: [] },
    ]);
    expect(j.missing).toEqual(["c"]);
  });
});
