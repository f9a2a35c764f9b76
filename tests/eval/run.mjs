#!/usr/bin/env node
// `npm run eval [-- ARGS]`: runs ../shared/eval/score.mjs ARGS against the bot with a throwaway
// data folder, the memory store and no LLM, so scoring never writes tickets into ./data or Redis.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const scorer = resolve(root, "../shared/eval/score.mjs");
const dataDir = mkdtempSync(join(tmpdir(), "zwb-eval-"));
const env = { ...process.env, ZWB_STORE: "memory", ZWB_DATA_DIR: dataDir, REDIS_URL: "", OPENAI_API_KEY: "" };

const child = spawn(process.execPath, [scorer, ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("error", (e) => {
  cleanup();
  console.error(`无法运行评测脚本 ${scorer}：${e.message}`);
  process.exit(1);
});
child.on("close", (code, signal) => {
  cleanup();
  process.exit(code ?? (signal ? 1 : 0));
});
