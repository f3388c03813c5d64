import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./services/ingester/src/state/schema.ts",
  out: "./migrations/ingester",
});
