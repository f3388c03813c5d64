import { defineConfig } from "drizzle-kit";

// Paths are relative to the repository root, where `pnpm db:generate` runs.
export default defineConfig({
  dialect: "sqlite",
  schema: "./services/alerter/src/schema.ts",
  out: "./migrations/alerter",
});
