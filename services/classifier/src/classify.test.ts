import { describe, expect, it } from "vitest";
import { classify, type ArticleText } from "./classify.ts";
import { loadTaxonomy } from "./load-taxonomy.ts";

const tax = loadTaxonomy();
const run = (a: ArticleText) => classify(a, tax);

describe("the hard cases of topics.md are not relevant", () => {
  it.each<[string, string, string]>([
    ["US–Iran talks in Geneva (en)", "Witkoff meets Araghchi in Geneva as US–Iran nuclear talks resume", "The US envoy and Iran's foreign minister discussed limits on uranium enrichment through Omani mediators; Russia said it backed the talks."],
    ["US–Iran talks in Geneva (uk)", "США та Іран провели новий раунд переговорів у Женеві", "Делегації обговорили збагачення урану та санкції; Росія привітала діалог, посередником виступив Оман."],
    ["US–Iran talks in Geneva (ru)", "Иран и США завершили раунд консультаций в Женеве", "Глава МИД Ирана Аракчи заявил, что стороны обсудили ядерную программу; Москва поддержала переговоры."],
    ["Gaza ceasefire (en)", "Kushner presses Israel and Hamas on second phase of Gaza ceasefire", "Egyptian and Qatari mediators are working on hostage releases; Russia's foreign ministry welcomed the truce."],
    ["Armenia–Azerbaijan (ru)", "Пашинян и Алиев согласовали текст мирного договора", "Россия заявила, что готова содействовать переговорам Армении и Азербайджана."],
    ["Sudan truce (uk)", "У Судані зірвалося гуманітарне перемир'я", "Армія та Сили швидкого реагування звинуватили одна одну в порушенні перемир'я в Дарфурі."],
    ["DR Congo (en)", "Congo and M23 rebels sign prisoner exchange deal in Doha", "Negotiators for Kinshasa and the rebels agreed on a ceasefire monitoring mechanism."],
    ["war news without talks (en)", "Russian troops press towards Orikhiv in Zaporizhzhia region", "Ukraine's military said it repelled dozens of assaults; glide bombs wounded four civilians."],
    ["war news without talks (uk)", "На Покровському напрямку відбито 40 атак", "Російські війська намагалися просунутися поблизу сіл Донеччини, повідомив Генштаб ЗСУ."],
    ["strike story without talks (ru)", "Удар по энергообъекту в Днепропетровской области", "Российская ракета повредила подстанцию, без света остаются 40 тысяч абонентов в Украине."],
    ["merger talks (en)", "Ukrainian agritech firm in merger talks with Polish rival", "The companies said the negotiations could create a grain group if competition authorities approve."],
    ["merger talks (uk)", "Два банки ведуть переговори про злиття українських підрозділів", "Угоду планують подати на погодження НБУ та Антимонопольного комітету."],
    ["merger talks (ru)", "Две продуктовые сети ведут переговоры о слиянии", "Российские ритейлеры обсуждают объединение бизнеса, сделку должна одобрить ФАС."],
    ["Shakhtar Donetsk (en)", "Shakhtar Donetsk beat Dynamo Kyiv in Ukrainian Premier League", "The Donetsk club's striker scored twice; talks on a new contract for the coach continue."],
    ["Shakhtar Donetsk (uk)", "«Шахтар» Донецьк переміг у матчі УПЛ", "Гірники ведуть переговори про продовження контракту з бразильським вінгером."],
    ["Shakhtar Donetsk (ru)", "«Шахтёр» из Донецка подписал полузащитника", "Переговоры с игроком шли две недели, сообщили в клубе; чемпионат Украины возобновится в марте."],
    ["Geneva motor show (en)", "Geneva motor show cancelled again", "Carmakers including Russian and Ukrainian exhibitors pulled out; talks on a new format failed."],
    ["Geneva motor show (ru)", "Женевский автосалон не вернётся", "Переговоры организаторов с автопроизводителями, в том числе из России, не дали результата."],
    ["Zaporizhzhia as a place name (en)", "Zaporizhzhia-born pianist wins top prize at Geneva competition", "She dedicated the victory to her teachers back home in Ukraine."],
    ["Zaporizhzhia as a place name (uk)", "У Запоріжжі відкрили підземну школу", "Школа на 800 учнів має автономний генератор і медичний кабінет."],
    ["UN body in Geneva (en)", "Human Rights Council opens session in Geneva", "Delegates at the Palais des Nations will debate reports on Russia, Sudan and Myanmar."],
    ["Russia's talks with a third country (en)", "Lavrov holds talks with Wang Yi in Beijing", "The Russian and Chinese foreign ministers discussed trade and energy cooperation."],
    ["Russia's talks with a third country (ru)", "Путин и Моди провели переговоры в Нью-Дели", "Лидеры России и Индии подписали соглашения о поставках нефти."],
    ["Ukraine's talks with a neighbour (uk)", "Україна та Молдова домовилися про будівництво мосту", "Уряди підписали угоду після переговорів у Кишиневі."],
    ["EU accession talks (en)", "Ukraine opens first EU accession negotiating cluster", "Brussels and Kyiv launched talks on fundamentals of Ukraine's membership bid."],
    ["US–Russia embassy talks (en)", "Russia and US hold new round of talks in Istanbul on embassy operations", "Delegations discussed visas for diplomats and the return of seized diplomatic property, the foreign ministry said."],
    ["US–Russia embassy talks (ru)", "Россия и США провели в Стамбуле консультации по работе посольств", "Стороны обсудили выдачу виз дипломатам и возврат дипсобственности, сообщили в МИД."],
    ["US–Russia prisoner swap (ru)", "США и Россия обменялись заключенными в Абу-Даби", "Посредником выступили ОАЭ, сообщил Белый дом."],
    ["US–Ukraine arms deal (en)", "Ukraine and US sign drone production deal", "Kyiv and Washington agreed to co-produce interceptor drones after negotiations in Kyiv."],
    ["Trump's Board of Peace on Gaza (ru)", "«Совет мира» Трампа собрался в Вашингтоне", "Кушнер и Уиткофф обсудили восстановление Газы; в Кремле заявили, что Россия пока не решила, участвовать ли."],
  ])("%s", (_name, title, summary) => {
    const r = run({ title, summary });
    expect(r.relevant).toBe(false);
    expect(r.topics).toEqual([]);
  });
});

describe("relevant coverage gets its topics, in each language", () => {
  it.each<[string, string, string, string[]]>([
    ["en", "Geneva round opens with US envoys shuttling between delegations", "Witkoff and Kushner met the Russian and Ukrainian teams; the fate of Donbas and security guarantees for Kyiv remain the sticking points.", ["territory", "security-guarantees", "us-mediation"]],
    ["uk", "Умєров: у Женеві обговорили обмін полоненими та повернення депортованих дітей", "Українська делегація передала російській стороні списки цивільних.", ["humanitarian"]],
    ["ru", "Песков: Москва готова обсудить энергетическое перемирие на переговорах", "Мораторий на удары по объектам энергетики может стать первым шагом к прекращению огня.", ["energy-strikes", "ceasefire"]],
    ["en", "IAEA ready to monitor Zaporizhzhia plant under a peace deal", "Grossi briefed negotiators from Moscow and Kyiv on restarting the reactors at Enerhodar.", ["nuclear-plant"]],
    ["ru", "ЕС усилил санкции против России перед переговорами в Женеве", "Замороженные российские активы могут пойти на восстановление Украины после урегулирования.", ["sanctions-economy"]],
    ["uk", "Трамп дав Москві та Києву місяць на мирну угоду", "Президент США пригрозив вийти з переговорів.", ["us-mediation"]],
    ["en", "Vance: Washington will tighten sanctions if Moscow drags out the negotiations", "The vice-president said the administration's patience was not unlimited.", ["sanctions-economy", "us-mediation"]],
    ["en", "Kremlin studies revised American draft point by point", "Ushakov said several provisions agreed with Kyiv were unacceptable in their current form.", ["us-mediation"]],
    ["ru", "Потолок для армии: Москва добивается цифры ниже, чем в американском плане", "Российская сторона также хочет запретить иностранные базы на Украине.", ["security-guarantees", "us-mediation"]],
    ["uk", "Лінія розведення: сторони мають відвести важке озброєння на 15 км", "Так передбачає проєкт документа щодо Запорізької та Херсонської областей.", ["territory"]],
  ])("%s: %s", (_lang, title, summary, topics) => {
    const r = run({ title, summary });
    expect(r.relevant).toBe(true);
    expect(r.topics.sort()).toEqual([...topics].sort());
    expect(r.scores).toHaveProperty("territory");
  });

  it("carries the taxonomy version and the evidence of each decision", () => {
    const r = run({ title: "Ukraine and Russia resume peace talks in Geneva", summary: "" });
    expect(r.taxonomy_version).toBe(tax.version);
    expect(r.evidence).toContainEqual({ term: "peace talks", field: "title", start: 26, end: 37, target: "signal:peace" });
  });
});

describe("inflections and spellings", () => {
  const targetsOf = (text: string) => new Set(run({ title: text }).evidence.map((e) => `${e.target}=${e.term}`));
  it.each<[string, string]>([
    ...["Женева", "Женеві", "Женеве", "Женеву", "Женевою", "женевський", "женевского"].map((w) => [w, "signal:negotiation=женев*"] as [string, string]),
    ...["переговори", "переговорів", "переговорах", "переговорами", "переговоры", "переговоров", "переговорный"].map((w) => [w, "signal:negotiation=переговор*"] as [string, string]),
    ...["перемир'я", "перемир’я", "перемирие", "перемирия", "перемирии"].map((w) => [w, "topic:ceasefire=перемир'*"] as [string, string]),
  ])("%s", (word, expected) => {
    const found = [...targetsOf(word)];
    const [target] = expected.split("=");
    expect(found.some((f) => f.startsWith(`${target}=`))).toBe(true);
  });

  it.each<[string, string[]]>([
    ["rustem-umerov", ["Umerov", "Umyerov", "Умєров", "Умеров", "Умєрова", "Умєровим", "Умеровым", "УМЕРОВ"]],
    ["vladimir-medinsky", ["Medinsky", "Medinskiy", "Мединський", "Мединский", "Мединського", "Мединским"]],
    ["serhiy-kyslytsya", ["Kyslytsya", "Kyslytsia", "Kislitsa", "Кислиця", "Кислица", "Кислицю"]],
    ["steve-witkoff", ["Witkoff", "Віткофф", "Уиткофф", "Виткофф", "Уиткоффом", "Віткоффа"]],
    ["volodymyr-zelensky", ["Zelensky", "Zelenskyy", "Zelenskiy", "Зеленський", "Зеленского", "Зеленським"]],
    ["dmitry-peskov", ["Peskov", "Пєсков", "Песков", "Пескова"]],
    ["kirill-dmitriev", ["Dmitriev", "Дмитрієв", "Дмитриев", "Дмитриевым"]],
    ["igor-kostyukov", ["Kostyukov", "Костюков", "Костюкова"]],
  ])("%s in every spelling", (entity, spellings) => {
    const missed = spellings.filter((s) => !run({ summary: `Сьогодні ${s} said` }).entities.includes(entity));
    expect(missed).toEqual([]);
  });

  it.each(["Zaporizhzhia", "Zaporozhye", "Zaporizhia", "Запоріжжя", "Запорожье", "Запорізька", "Запорожская", "Donetsk", "Донецьк", "Донецк", "Донецкой"])(
    "%s is a contested place",
    (place) => expect(run({ title: place }).evidence.map((e) => e.target)).toContain("signal:contested"),
  );
});

describe("robustness", () => {
  it("handles a 50 KB body", () => {
    const para = "The delegations of Ukraine and Russia met in Geneva to discuss a ceasefire, how to monitor the truce, and prisoner exchanges. 🇺🇦 ";
    const content = para.repeat(Math.ceil(50_000 / para.length));
    const r = run({ title: "", summary: "", content });
    expect(content.length).toBeGreaterThanOrEqual(50_000);
    expect(r.relevant).toBe(true);
    expect(r.topics).toEqual(expect.arrayContaining(["ceasefire", "humanitarian"]));
    expect(r.evidence.length).toBeLessThanOrEqual(tax.source.settings.evidenceLimit);
  });

  it.each<[string, ArticleText]>([
    ["empty title", { title: "", summary: "Ukraine and Russia held peace talks in Geneva." }],
    ["missing fields", { summary: "Ukraine and Russia held peace talks in Geneva." }],
    ["null fields", { title: null, summary: "Ukraine and Russia held peace talks in Geneva.", content: null }],
    ["mixed script", { title: "Переговори in Geneva: Україна and Russia", summary: "" }],
    ["homoglyphs", { title: "Ukrаine and Russiа hold peace tаlks", summary: "" }],
    ["emoji", { title: "🇺🇦🤝🇷🇺 Ukraine–Russia peace talks 🕊️ in Geneva 🔥", summary: "👍" }],
  ])("%s", (_n, article) => expect(run(article).relevant).toBe(true));

  it("returns a clean negative for empty input", () => {
    expect(run({})).toMatchObject({ relevant: false, topics: [], entities: [], evidence: [] });
  });

  it("evidence offsets point at the matched words in their field", () => {
    const article = { title: "🔥 Умєров: у Женеві обговорили перемир'я", summary: "Ukraine's delegation met Russia's in Geneva." };
    for (const e of run(article).evidence) {
      const text = article[e.field as "title" | "summary"];
      expect(text.slice(e.start, e.end).length).toBeGreaterThan(0);
      expect(e.end).toBeLessThanOrEqual(text.length);
    }
    const t = run(article).evidence.find((e) => e.target === "entity:rustem-umerov")!;
    expect(article.title.slice(t.start, t.end)).toBe("Умєров");
  });
});

describe("phrases with a gap", () => {
  it.each([
    ["відведення військ", true],
    ["відведення російських військ", true],
    ["відведення всіх російських військ", false],
  ])("%s", (text, matches) => {
    const hit = run({ title: text }).evidence.some((e) => e.term === "відведенн* {,~ }військ*");
    expect(hit).toBe(matches);
  });
});
