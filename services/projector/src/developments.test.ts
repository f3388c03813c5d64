import { describe, expect, it } from "vitest";
import { articleFeatures, numbersIn, type FeatureInput } from "./article-features.ts";
import { linkKey } from "./link-key.ts";
import { assignDevelopment, matchLead, type Lead, type MatchRule } from "./developments.ts";

const H = 3600_000;
type A = Partial<FeatureInput> & { title: string };
let n = 0;
const f = (a: A) => articleFeatures({ url: `https://example.org/${++n}`, summary: "", entities: [], topics: [], ...a });

/** Hand-written pairs (not outlet text): what a reader would call one story, or two. */
const pairs: Array<{ name: string; a: A; b: A; join: MatchRule | false }> = [
  {
    name: "a wire story syndicated unchanged",
    a: { title: "Ukraine and Russia hold a second day of talks in Geneva as Trump presses Kyiv", summary: "Delegations met for six hours at a hotel by the lake, officials said, with territory and the nuclear plant on the agenda.", topics: ["territory"] },
    b: { title: "Ukraine and Russia hold a second day of talks in Geneva as Trump presses Kyiv", summary: "Delegations met for six hours at a hotel by the lake, officials said, with territory and the nuclear plant on the agenda.", topics: ["territory"] },
    join: "same-title",
  },
  {
    name: "a syndicated copy with small edits",
    a: { title: "Ukraine, Russia hold second day of Geneva talks as Trump presses Kyiv", summary: "Delegations met for six hours at a lakeside hotel, officials said.", topics: ["us-mediation"] },
    b: { title: "Ukraine and Russia hold 2nd day of talks in Geneva while Trump presses Kyiv hard", summary: "The delegations met for about six hours at a hotel, according to officials.", topics: ["us-mediation"] },
    join: "same-text",
  },
  {
    name: "the same link with tracking parameters and a changed live title",
    a: { title: "Live: Geneva talks resume", url: "https://www.news.example/live/geneva-talks-day-2?utm_source=rss&utm_medium=feed" },
    b: { title: "Live: second day of talks ends after two hours", url: "http://news.example/live/geneva-talks-day-2/#latest" },
    join: "same-link",
  },
  {
    name: "a rewrite with the same facts (number, names, topic)",
    a: { title: "Kyiv and Moscow agree to swap 300 prisoners each after Geneva round", summary: "Rustem Umerov said the exchange of prisoners of war would take place next week.", entities: ["umerov"], topics: ["humanitarian"] },
    b: { title: "Russia, Ukraine to exchange 300 POWs, negotiator Umerov says", summary: "The prisoners exchange agreed in Geneva will happen within days, Umerov said on Telegram.", entities: ["umerov"], topics: ["humanitarian"] },
    join: "same-facts",
  },
  {
    name: "the same story in Ukrainian and English (numbers and names)",
    a: { title: "Ukraine and Russia swap 157 prisoners; 1,000 bodies returned", summary: "Zelensky thanked the mediators.", entities: ["zelensky"], topics: ["humanitarian"] },
    b: { title: "Україна і Росія обміняли 157 полонених, повернуто 1000 тіл", summary: "Зеленський подякував посередникам.", entities: ["zelensky"], topics: ["humanitarian"] },
    join: "cross-language",
  },
  {
    name: "a different story on the same topic the same day",
    a: { title: "Zelensky says Ukraine will not withdraw troops from Donbas", summary: "The president rejected a Russian demand to leave the rest of the Donetsk region.", entities: ["zelensky"], topics: ["territory"] },
    b: { title: "Kremlin says territory will top the agenda in Geneva", summary: "Peskov said the status of occupied regions would be discussed first.", entities: ["peskov"], topics: ["territory"] },
    join: false,
  },
  {
    name: "same envoy, same topic, another event",
    a: { title: "Witkoff and Kushner meet Putin in Moscow for five hours", summary: "The envoys discussed the US plan with the Russian president at the Kremlin.", entities: ["witkoff", "kushner", "putin"], topics: ["us-mediation"] },
    b: { title: "Witkoff says US will present a new plan to Kyiv next week", summary: "The envoy told reporters a revised draft was being finalised with Kushner.", entities: ["witkoff", "kushner"], topics: ["us-mediation"] },
    join: false,
  },
  {
    name: "a daily round-up, one day apart (numbers differ)",
    a: { title: "Russia-Ukraine war: list of key events, day 1,453", summary: "Here are the key developments on day 1,453 of the war." },
    b: { title: "Russia-Ukraine war: list of key events, day 1,454", summary: "Here are the key developments on day 1,454 of the war." },
    join: false,
  },
  {
    name: "a daily show, dated titles one day apart",
    a: { title: "Talks progress and markets | Morning Brief 02/18/2026", summary: "Our daily briefing on markets and the talks." },
    b: { title: "Talks stall and markets | Morning Brief 02/19/2026", summary: "Our daily briefing on markets and the talks." },
    join: false,
  },
  {
    name: "a copy that adds a date to the same numbers",
    a: { title: "Trump gives Kyiv 10 to 15 days to accept the peace framework", summary: "The president set a deadline for a response to the US plan." },
    b: { title: "Trump gives Kyiv 10 to 15 days to accept framework | Brief 02/20/2026", summary: "The president set a deadline for a response to the US plan." },
    join: "same-title",
  },
  {
    name: "talks resume vs talks end (only the domain words shared)",
    a: { title: "Ukraine peace talks resume in Geneva", summary: "Delegations returned to the table on Wednesday morning." },
    b: { title: "Russia-Ukraine peace talks end in Geneva", summary: "Negotiators left after two hours without a statement." },
    join: false,
  },
  {
    name: "two languages, one shared name and topic, no shared facts",
    a: { title: "Zelensky says Russia is dragging out negotiations", entities: ["zelensky"], topics: ["us-mediation"] },
    b: { title: "Зеленський: Росія затягує переговори", entities: ["zelensky"], topics: ["us-mediation"] },
    join: false,
  },
];

describe("matchLead", () => {
  it.each(pairs)("$name → $join", ({ a, b, join }) => {
    const m = matchLead(f(b), f(a));
    expect(m?.rule ?? false).toBe(join);
    // symmetric for the pair: which one leads does not decide whether they match
    expect(matchLead(f(a), f(b))?.rule ?? false).toBe(join);
  });
});

describe("assignDevelopment", () => {
  const lead = (id: string, time: number, a: A): Lead => ({ articleId: id, time, features: f(a) });
  const story = pairs[0]!.a;
  it("ignores leads outside the window and after the newcomer", () => {
    const leads = [lead("old", 0, story), lead("later", 60 * H, story)];
    expect(assignDevelopment(leads, lead("x", 50 * H, story), 48 * H)).toEqual({ lead: null });
    expect(assignDevelopment(leads, lead("x", 47 * H, story), 48 * H).lead?.articleId).toBe("old");
  });
  it("prefers the best score, then the earlier lead", () => {
    const leads = [lead("b", 2 * H, story), lead("a", 1 * H, story), lead("c", 0, pairs[1]!.b)];
    expect(assignDevelopment(leads, lead("x", 3 * H, story), 48 * H).lead?.articleId).toBe("a");
  });
});

describe("features", () => {
  it.each([
    ["https://www.Example.com/a/b/?utm_source=x&id=3&fbclid=1#top", "example.com/a/b?id=3"],
    ["http://m.example.com/a/amp/", "example.com/a"],
    ["not a url", "not a url"],
  ])("linkKey(%s) = %s", (raw, key) => expect(linkKey(raw)).toBe(key));
  it.each([
    ["day 1,453 and 300 POWs", ["1453", "300"]],
    ["1\u00a0000 тіл, 20.5%", ["1000", "20.5"]],
  ])("numbersIn(%s)", (text, nums) => expect(numbersIn(text)).toEqual([...nums].sort()));
  it("stems Ukrainian and Russian inflections alike", () => {
    expect(f({ title: "Зеленський у Женеві" }).title).toEqual(f({ title: "Зеленского в Женеве" }).title);
  });
});
