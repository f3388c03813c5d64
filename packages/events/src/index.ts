/**
 * Events are facts: past-tense names, a versioned envelope (id, type, time, data),
 * ISO dates. Fields may be added, never re-purposed. The envelope id is
 * deterministic and doubles as the JetStream msgID, so a re-published fact is
 * dropped by the server inside its duplicate window.
 */
export * from "./envelope.ts";
export * from "./schemas.ts";
export * from "./subjects.ts";
export * from "./ids.ts";
