/**
 * Reads, validates and compiles a taxonomy file. A malformed file is refused with
 * one TaxonomyError naming the file and the key (`topics.2.terms.0.w`), so a user's
 * GW_TOPICS mistake stops the service at start rather than misclassifying.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "@gw/config";
import { compileTaxonomy, TaxonomyTermError, type CompiledTaxonomy } from "./compile-taxonomy.ts";
import { taxonomySchema } from "./taxonomy-schema.ts";

export class TaxonomyError extends Error {
  override name = "TaxonomyError";
}

/** The bundled Geneva-talks taxonomy. */
export const defaultTaxonomyPath = resolve(dirname(fileURLToPath(import.meta.url)), "../taxonomy/geneva-talks.json");

/** `config.topics` (GW_TOPICS) resolved against the working directory, else the bundled file. */
export function taxonomyPath(config: Pick<Config, "topics">, cwd = process.cwd()): string {
  return config.topics ? resolve(cwd, config.topics) : defaultTaxonomyPath;
}

/** Validates and compiles an already-parsed taxonomy; `file` only names it in errors. */
export function compileTaxonomyValue(value: unknown, file: string): CompiledTaxonomy {
  const parsed = taxonomySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys.join(", ")].join(".") : issue.path.join(".");
    throw new TaxonomyError(`taxonomy file ${file}: key "${key || "(root)"}": ${issue.message}`);
  }
  try {
    return compileTaxonomy(parsed.data);
  } catch (err) {
    if (err instanceof TaxonomyTermError) throw new TaxonomyError(`taxonomy file ${file}: key "${err.path}": ${err.message}`);
    throw err;
  }
}

export function loadTaxonomy(path: string = defaultTaxonomyPath): CompiledTaxonomy {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new TaxonomyError(`taxonomy file ${path}: cannot be read (${(err as Error).message})`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TaxonomyError(`taxonomy file ${path}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  return compileTaxonomyValue(value, path);
}
