// `zwb kb reload --json` says per document what was understood; `zwb kb show <doc>` reads as text;
// a reload rejects a folder only for a broken file, and names it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { cp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROJECT } from "../support/start-bot.ts";
import { FIXTURE_DIR } from "../knowledge/fixture-checks.ts";
import { tempDir } from "./helpers.ts";

const run = promisify(execFile);
let root: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  root = await tempDir("kbcli");
  env = { ...process.env, ZWB_STORE: "memory", REDIS_URL: "", OPENAI_API_KEY: "", ZWB_DATA_DIR: join(root, "data"), ZWB_KB_DIR: FIXTURE_DIR };
});
afterAll(() => rm(root, { recursive: true, force: true }));

const zwb = (...args: string[]) => run("npm", ["run", "-s", "zwb", "--", ...args], { cwd: PROJECT, env, timeout: 60_000 }).catch((e) => e as { stdout: string; stderr: string; code: number });

describe("zwb kb", () => {
  it("reload --json reports measures, tables, facts by kind and warnings per document", { timeout: 60_000 }, async () => {
    const { stdout } = await zwb("kb", "reload", "--json");
    const r = JSON.parse(stdout);
    expect(r.ok).toBe(true);
    const nanling = r.perDocument.find((d: { id: string }) => d.id === "nanling-2025-kaiban-qingdan");
    expect(nanling).toMatchObject({ title: "南岭市企业开办“一件事”服务清单", region: "南岭市", tables: 1, tableRows: 3, facts: { timeLimits: 3 } });
    expect(r.perDocument.find((d: { id: string }) => d.id === "tongan-2025-gongcheng-shenpi").warnings.length).toBeGreaterThan(0);
  });

  it("show <doc> lists each measure with its facts in Chinese", { timeout: 60_000 }, async () => {
    const { stdout } = await zwb("kb", "show", "nanling-2025-kaiban-qingdan");
    expect(stdout).toContain("【一、服务事项 > 表1 > 2】（表格行：表1）");
    expect(stdout).toMatch(/事项：印章刻制；申请材料：营业执照；承诺时限：0\.5个工作日；牵头单位：市市场监管局；配合单位：市公安局\n {2}· 承诺时限：0\.5个工作日〔工作日〕（印章刻制）/);
    expect(stdout).not.toMatch(/^\s*\{/);
  });

  it("a reload with a broken file is rejected, naming the file (exit 1)", { timeout: 60_000 }, async () => {
    const dir = join(root, "kb");
    await cp(FIXTURE_DIR, dir, { recursive: true });
    await writeFile(join(dir, "坏.txt"), Buffer.from([0xd2, 0xbb, 0xa1, 0xa2, 0x0a]));
    const r = await zwb("kb", "reload", "--json", "--dir", dir);
    expect((r as { code?: number }).code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.errors.map((e: { file: string }) => e.file)).toEqual(["坏.txt"]);
  });
});
