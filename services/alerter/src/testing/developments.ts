import { developmentOpenedEvent, developmentUpdatedEvent, type DevelopmentData, type DevelopmentOpened, type DevelopmentUpdated } from "@gw/events";

/** A development as the projector would describe it. */
export function devData(i: number | string, extra: Partial<DevelopmentData> = {}): DevelopmentData {
  const id = typeof i === "number" ? `dev${String(i).padStart(4, "0")}` : i;
  return {
    development_id: id,
    headline: `Geneva round ${id}: delegations discuss the Zaporizhzhia plant`,
    url: `https://news.example.org/${id}`,
    source: "Example News",
    topics: ["nuclear-plant", "us-mediation"],
    langs: ["en"],
    first_seen_at: "2026-02-17T10:00:00.000Z",
    updated_at: "2026-02-17T10:00:00.000Z",
    article_count: 1,
    source_count: 1,
    lead_article_id: `art-${id}`,
    change: "opened",
    ...extra,
  };
}

export function openedEvent(i: number | string, extra: Partial<DevelopmentData> = {}): DevelopmentOpened {
  return developmentOpenedEvent(devData(i, extra), "2026-02-17T10:00:00.000Z");
}

export function updatedEvent(i: number | string, extra: Partial<DevelopmentData> = {}): DevelopmentUpdated {
  const d = devData(i, { article_count: 2, source_count: 2, change: "article-added", updated_at: "2026-02-17T10:05:00.000Z", ...extra });
  return developmentUpdatedEvent(d, "2026-02-17T10:05:00.000Z");
}
