import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./services/projector/src/schema.ts",
  out: "./migrations/read-model",
});
