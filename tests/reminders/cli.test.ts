// The reminder and ticket commands as an administrator runs them, each a separate process on one
// embedded store: a complaint filed through the JSONL interface is seen by the next command.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let data: string;
const env = () => ({ PATH: process.env.PATH, ZWB_DATA_DIR: data, ZWB_LOG_LEVEL: "silent", ZWB_STORE: "memory" });

async function zwb(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const r = await run(process.execPath, ["--import", "tsx", "bot/cli.ts", ...args], { cwd: ROOT, env: env(), timeout: 30_000 });
    return { code: 0, stdout: r.stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, stdout: err.stdout };
  }
}

function chat(lines: object[]): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "bot/cli.ts", "chat", "--jsonl"], { cwd: ROOT, env: env() });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("error", reject);
    p.on("close", () => resolve(out.trim().split("\n").map((l) => JSON.parse(l))));
    p.stdin.end(lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  });
}

beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), "zwb-cli-"));
});
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe("zwb tickets / reminders / tasks", () => {
  it("a complaint filed in one process is listed, shown, exported and previewed for reminders by others", { timeout: 60_000 }, async () => {
    const [reply] = await chat([{ user: "qiye-1", text: "我要投诉，窗口工作人员态度很差，让我来回跑了三趟", messageId: "m-1" }]);
    const ticket = reply.ticket as { id: string; deadlines: { kind: string; dueAt: string }[] };
    expect(ticket.id).toMatch(/^TS\d{8}-\d{4}$/);

    const list = await zwb("tickets", "list", "--json");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    const show = JSON.parse((await zwb("tickets", "show", ticket.id, "--json")).stdout);
    expect(show.history.map((e: { type: string }) => e.type)).toEqual(["created"]);
    const csv = (await zwb("tickets", "export", "--csv")).stdout;
    expect(csv.startsWith("\ufeff单号,状态")).toBe(true);
    expect(csv).toContain(ticket.id);
    expect((await zwb("tickets", "show", "TS19990101-0001")).code).toBe(1);

    // On the day the 受理 clock runs out, at 10:00 Beijing time, the officers of the unit are reminded.
    const accept = ticket.deadlines.find((d) => d.kind === "accept")!;
    const day = new Date(Date.parse(accept.dueAt) - 60_000).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
    const preview = JSON.parse((await zwb("reminders", "preview", "--at", `${day}T10:00:00+08:00`, "--json")).stdout);
    const mine = preview.sent.filter((s: { source: { id: string } }) => s.source.id === ticket.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0].text).toContain(`受理 ${ticket.id}`);
    // A preview sends nothing: the same preview again still has it due.
    const again = JSON.parse((await zwb("reminders", "preview", "--at", `${day}T10:00:00+08:00`, "--json")).stdout);
    expect(again.sent.length).toBe(preview.sent.length);
  });

  it("policy tasks are listed off or past, and one can be enabled and disabled", { timeout: 60_000 }, async () => {
    const list = await zwb("tasks", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("已过期");
    const monthly = list.stdout.split("\n").find((l) => l.includes("每月23日"));
    expect(monthly).toBeTruthy();
    const id = monthly!.trim().split(/\s+/)[0];
    expect((await zwb("tasks", "enable", id)).code).toBe(0);
    expect((await zwb("tasks", "list")).stdout.split("\n").find((l) => l.startsWith(id))).not.toContain("未启用");
    expect((await zwb("tasks", "disable", id)).code).toBe(0);
    expect((await zwb("tasks", "list")).stdout.split("\n").find((l) => l.startsWith(id))).toContain("未启用");
  });
});
