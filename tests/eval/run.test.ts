// `npm run eval` (tests/eval/run.mjs) scores with a throwaway data folder, the memory store and no
// LLM, and passes its arguments on to score.mjs.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { promisify } from "node:util";

const root = resolve(import.meta.dirname, "../..");
const scorer = resolve(root, "../shared/eval/score.mjs");

describe.skipIf(!existsSync(scorer))("npm run eval", () => {
  it("runs the bot with ZWB_STORE=memory, a fresh temp ZWB_DATA_DIR and no Redis or OpenAI key", async () => {
    // A stand-in bot that answers nothing and prints the environment it got: score.mjs shows its stderr.
    const probe = `node -e "const e=process.env;console.error(JSON.stringify({s:e.ZWB_STORE,d:e.ZWB_DATA_DIR,r:e.REDIS_URL,k:e.OPENAI_API_KEY}))"`;
    const env = { ...process.env, REDIS_URL: "redis://127.0.0.1:6379", OPENAI_API_KEY: "sk-real", ZWB_DATA_DIR: "./data" };
    const r = await promisify(execFile)(process.execPath, ["tests/eval/run.mjs", "--cmd", probe], { cwd: root, env, timeout: 60_000 }).then(
      () => ({ code: 0, stdout: "" }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(r.code).toBe(1);
    const got = JSON.parse(/\{"s".*\}/.exec(r.stdout)![0]);
    expect(got).toMatchObject({ s: "memory", r: "", k: "" });
    expect(resolve(got.d).startsWith(resolve(tmpdir()))).toBe(true);
    expect(existsSync(got.d), "the temp folder is removed afterwards").toBe(false);
  });
});
