// Shared set-up for the admin tests: throwaway copies of the shipped corpus and config, and a
// config object as the bot would parse it from the environment.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, type Config } from "../../bot/config.ts";
import { createLogger } from "../../bot/logger.ts";

export const CORPUS_DIR = fileURLToPath(new URL("../../knowledge/corpus/", import.meta.url));
export const CONFIG_DIR = fileURLToPath(new URL("../../config/", import.meta.url));
export const ADMIN_TOKEN = "test-admin-token-0123456789";
export const silent = createLogger("silent");

export async function tempDir(tag: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `zwb-${tag}-`));
}

/** A copy of the shipped corpus; `without` drops documents (and then the guides, which quote them). */
export async function copyCorpus(dest: string, opts: { without?: string[] } = {}): Promise<string> {
  await cp(CORPUS_DIR, dest, { recursive: true });
  for (const id of opts.without ?? []) await rm(join(dest, `${id}.txt`), { force: true });
  if (opts.without?.length) await rm(join(dest, "guides"), { recursive: true, force: true });
  return dest;
}

export function testConfig(over: Record<string, string>): Config {
  return loadConfig({ ZWB_STORE: "memory", ZWB_LOG_LEVEL: "silent", ZWB_ADMIN_TOKEN: ADMIN_TOKEN, ...over });
}
