import { z } from "zod";

/** An absolute http(s) URL (webhooks, ntfy topics, feeds). */
export const httpUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}, "must be an http(s) URL");
