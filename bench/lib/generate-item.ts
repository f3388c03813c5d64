/**
 * Deterministic news items for the benchmark and chaos feeds: the same
 * (seed, feed, seq) always gives the same item. The mix is meant to make every
 * stage do real work: about a third is talks coverage (several outlets cover
 * one story, so the projector groups them into a development), the rest is
 * war news with no link to talks, the hard cases of the taxonomy (US–Iran
 * talks in Geneva, Shakhtar Donetsk, merger talks) and unrelated news.
 * Feeds are in English, Ukrainian or Russian.
 */

export type ItemKind = "talks" | "war" | "hard" | "other";

export interface GeneratedItem {
  feed: number;
  seq: number;
  guid: string;
  /** Path part of the link; the server prefixes its own origin. */
  path: string;
  title: string;
  summary: string;
  kind: ItemKind;
  /** The talks story it covers (stories are shared between outlets). */
  story?: number;
  /** Set for items added while running; the initial ones are dated from the world's epoch. */
  publishedMs?: number;
}

export type Lang = "en" | "uk" | "ru";

/** A small, fast, well-mixed 32-bit hash (the integer finaliser of murmur3). */
export function mix(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const pick = <T>(xs: readonly T[], r: number): T => xs[r % xs.length]!;

export function feedLang(feed: number): Lang {
  return feed % 10 === 3 ? "uk" : feed % 10 === 7 ? "ru" : "en";
}

const EN = {
  actor: ["Rustem Umerov", "Steve Witkoff", "Jared Kushner", "Vladimir Medinsky", "Dmitry Peskov", "Volodymyr Zelensky", "Kirill Dmitriev", "Kyrylo Budanov"],
  venue: ["Geneva", "Abu Dhabi", "Istanbul", "Riyadh"],
  issue: [
    "territory in the Donetsk region",
    "security guarantees for Ukraine",
    "control of the Zaporizhzhia nuclear plant",
    "a new prisoner exchange",
    "an energy truce",
    "a ceasefire along the line of contact",
    "frozen Russian assets and sanctions relief",
    "the US peace plan",
  ],
  verb: ["says talks made progress on", "rejects the latest proposal on", "pushes for a deal on", "sets a deadline for agreement on"],
  war: ["Drone strike hits warehouse in the Kharkiv region overnight", "Shelling damages homes near the front in Pokrovsk", "Air defence shoots down missiles over Dnipro"],
  hard: ["US and Iran hold indirect nuclear talks in Geneva", "Shakhtar Donetsk beat Dynamo Kyiv in the league", "Merger talks between two European carmakers stall", "Geneva motor show returns with electric models"],
  other: ["Central bank holds interest rates steady", "Storm warning issued for the coast", "New metro line opens after years of delay", "Tech shares rally on strong earnings", "Museum reopens after renovation"],
};

const UK = {
  actor: ["Рустем Умєров", "Стів Віткофф", "Володимир Мединський", "Дмитро Пєсков", "Володимир Зеленський"],
  venue: ["Женеві", "Абу-Дабі", "Стамбулі"],
  issue: ["території Донецької області", "гарантії безпеки для України", "Запорізьку АЕС", "обмін полоненими", "енергетичне перемир'я", "припинення вогню"],
  verb: ["заявив про прогрес на переговорах щодо", "відкинув пропозицію щодо", "наполягає на угоді щодо"],
  war: ["Дрони атакували склад на Харківщині", "Обстріл пошкодив будинки поблизу Покровська"],
  hard: ["США та Іран провели переговори в Женеві", "Шахтар Донецьк переміг у матчі чемпіонату"],
  other: ["Нацбанк зберіг облікову ставку", "У Києві відкрили нову станцію метро", "Синоптики попередили про шторм"],
};

const RU = {
  actor: ["Рустем Умеров", "Стив Уиткофф", "Владимир Мединский", "Дмитрий Песков", "Кирилл Дмитриев"],
  venue: ["Женеве", "Абу-Даби", "Стамбуле"],
  issue: ["территории Донецкой области", "гарантии безопасности для Украины", "Запорожскую АЭС", "обмен пленными", "энергетическое перемирие", "прекращение огня"],
  verb: ["заявил о прогрессе на переговорах по", "отверг предложение по", "настаивает на сделке по"],
  war: ["Беспилотники атаковали склад в Харьковской области", "Обстрел повредил дома под Покровском"],
  hard: ["США и Иран провели переговоры в Женеве", "Шахтер Донецк выиграл матч чемпионата"],
  other: ["Центробанк сохранил ключевую ставку", "В городе открыли новую станцию метро", "Синоптики предупредили о шторме"],
};

const BANKS = { en: EN, uk: UK, ru: RU } as const;

/** Filler that brings summaries to the 250–400 characters real feeds carry. */
const FILLER = {
  en: "Officials who spoke on condition of anonymity said the discussions would continue later this week, and that no final decision had been taken yet on the wording of a joint statement.",
  uk: "Посадовці, які говорили на умовах анонімності, сказали, що обговорення продовжаться пізніше цього тижня, а остаточного рішення щодо спільної заяви ще немає.",
  ru: "Чиновники, говорившие на условиях анонимности, сказали, что обсуждения продолжатся позже на этой неделе, а окончательного решения по совместному заявлению пока нет.",
} as const;
const TALKS_IN = { en: " At the talks in", uk: " На переговорах у", ru: " На переговорах в" } as const;

/** Stories are shared: with `stories` of them, each is covered by several feeds. */
export function generateItem(seed: number, feed: number, seq: number, stories: number): GeneratedItem {
  const r = mix(seed, feed, seq);
  const lang = feedLang(feed);
  const b = BANKS[lang];
  const base = { feed, seq, guid: `gw-bench-${seed}-${feed}-${seq}`, path: `/news/${feed}/${seq}` };
  const share = r % 100;
  if (share < 35) {
    const story = mix(seed, 7, r) % Math.max(1, stories);
    return { ...base, kind: "talks", story, ...talksText(b, lang, story, r) };
  }
  const [kind, list] = share < 55 ? (["war", b.war] as const) : share < 65 ? (["hard", b.hard] as const) : (["other", b.other] as const);
  const title = `${pick(list, r >>> 8)} (${feed}-${seq})`;
  return { ...base, kind, title, summary: `${title}. ${pick(b.other, r >>> 16)}. ${FILLER[lang]}` };
}

/** What each story counts: the distinctive number in its title is the fact its rewrites share. */
const COUNTED = {
  en: ["detainees", "drones", "villages", "substations", "observers", "families", "children", "trucks of aid"],
  uk: ["полонених", "дронів", "сіл", "підстанцій", "спостерігачів", "родин", "дітей", "вантажівок допомоги"],
  ru: ["пленных", "дронов", "сел", "подстанций", "наблюдателей", "семей", "детей", "грузовиков помощи"],
} as const;

/**
 * One story, told a little differently by each outlet. Its title carries a
 * number no other story has (3000 + story) and its summary a second one, as
 * real stories carry their own facts ("300 prisoners"); the grouping keeps
 * stories whose titles disagree on a number apart, and joins rewrites that share them.
 */
function talksText(b: (typeof BANKS)[Lang], lang: Lang, story: number, r: number) {
  const actor = pick(b.actor, story);
  const verb = pick(b.verb, story >>> 3);
  const issue = pick(b.issue, story >>> 5);
  const venue = pick(b.venue, story >>> 7);
  const count = `${3000 + story} ${pick(COUNTED[lang], story >>> 2)}`;
  const tail = lang === "uk" ? ` у ${venue}` : lang === "ru" ? ` в ${venue}` : r % 3 === 0 ? "" : r % 3 === 1 ? ` in ${venue}` : " — officials";
  const title = `${actor} ${verb} ${issue}: ${count}${tail}`;
  const second = `${50_000 + story * 7}`;
  const summary = `${title}.${TALKS_IN[lang]} ${venue}: ${pick(b.actor, story + 1)} ${pick(b.verb, story + 2)} ${pick(b.issue, story + 3)}, ${second}. ${FILLER[lang]}`;
  return { title, summary };
}

/** A talks item that opens a new development: its story number lies outside the shared pool. */
export function generateProbe(seed: number, feed: number, seq: number, n: number): GeneratedItem {
  const story = 1_000_000 + n;
  const words = ["Kherson", "Enerhodar", "Kupiansk", "Sumy", "Odesa", "Mykolaiv", "Chernihiv", "Poltava"];
  const w = (k: number) => words[mix(seed, n, k) % words.length]!;
  const title = `Probe ${n}: ${w(1)} ${w(2)} ${w(3)} corridor ${n * 7919} on the Geneva ceasefire agenda`;
  return { feed, seq, guid: `gw-probe-${seed}-${n}`, path: `/news/${feed}/probe-${n}`, title, summary: `${title}, US envoy Steve Witkoff said.`, kind: "talks", story };
}
