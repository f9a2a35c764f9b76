// The fixture documents' own question set (tests/fixtures/documents/questions.jsonl, written by the
// implementer of the parser, so a regression check rather than an independent score), run through
// the machine interface exactly as ../shared/eval/score.mjs runs the dev set.
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { FIXTURE_DIR } from "./fixture-checks.ts";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
const scorer = resolve(root, "../shared/eval/score.mjs");

describe.skipIf(!existsSync(scorer))("answers over the fixture documents", () => {
  it("every question answered from the right document with its facts; out-of-scope refused", { timeout: 120_000 }, async () => {
    const env = { ...process.env, ZWB_STORE: "memory", ZWB_KB_DIR: FIXTURE_DIR, ZWB_DATA_DIR: mkdtempSync(join(tmpdir(), "zwb-fixq-")), REDIS_URL: "", OPENAI_API_KEY: "" };
    const { stdout } = await run("node", [scorer, "--quiet", "--set", join(FIXTURE_DIR, "questions.jsonl")], { cwd: root, env, timeout: 110_000 }).catch((e) => e as { stdout: string });
    const line = stdout.trim().split("\n").at(-1) ?? "";
    const m = /score: (\d+) of (\d+).*unsupported time limits: (\d+)/.exec(line);
    expect(m, stdout.slice(-1000)).not.toBeNull();
    console.log(`fixture questions: ${line}`);
    expect(Number(m![3])).toBe(0);
    expect(Number(m![1]) / Number(m![2])).toBeGreaterThanOrEqual(0.9);
  });
});
