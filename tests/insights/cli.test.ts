// zwb insights and zwb report as an administrator runs them, each a separate process on one data
// folder: questions asked through the JSONL interface are grouped by the next command, the figures
// print as JSON, and the weekly report is written as an .xlsx that exceljs opens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ExcelJS from "exceljs";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let data: string;
const env = () => ({ PATH: process.env.PATH, ZWB_DATA_DIR: data, ZWB_LOG_LEVEL: "silent", ZWB_STORE: "memory" });
const zwb = async (...args: string[]) => (await run(process.execPath, ["--import", "tsx", "bot/cli/index.ts", ...args], { cwd: ROOT, env: env(), timeout: 60_000 })).stdout;

function chat(lines: object[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "bot/cli/index.ts", "chat", "--jsonl"], { cwd: ROOT, env: env() });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("error", reject);
    p.on("close", () => resolve(out));
    p.stdin.end(lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  });
}

beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), "zwb-insights-cli-"));
});
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe("zwb insights / report", () => {
  it("groups what was asked, prints the figures, writes the weekly .xlsx", { timeout: 120_000 }, async () => {
    await chat([
      { user: "a", text: "花店办证要多久", messageId: "1" },
      { user: "b", text: "花店办证需要多久？", messageId: "2" },
      { user: "c", text: "无外线工程的用水报装几个工作日办好", messageId: "3" },
    ]);
    const un = JSON.parse(await zwb("insights", "unanswered", "--json"));
    expect(un.groups).toEqual([expect.objectContaining({ title: expect.stringMatching(/^花店办证/), count: 2, reasons: ["refuse"] })]);
    const stats = JSON.parse(await zwb("insights", "stats", "--json", "--days", "7"));
    expect(stats.questions).toMatchObject({ total: 3, counts: { answer: 1, refuse: 2 } });
    expect(stats.topUnanswered[0]).toMatchObject({ title: expect.stringMatching(/^花店办证/), count: 2 });
    const file = join(data, "weekly.xlsx");
    await zwb("report", "weekly", "--week", "2026-W49", "--xlsx", file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.getWorksheet("概览")!.getCell("B2").value).toBe("2026年第49周（11月30日—12月6日）");
    const bad = await zwb("report", "weekly", "--week", "2026-W60").catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining("--week 应为 2026-W49") });
  });
});
