// The reminder and ticket commands as an administrator runs them, each a separate process on one
// embedded store: a complaint filed through the JSONL interface is seen by the next command.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beijingMinute } from "../../core/time.ts";
import { parseStatusFilter, statusFilterError, ticketText } from "../../bot/cli/tickets.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import type { Ticket, TicketEvent } from "../../tickets/types.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONFIG_DIR = join(ROOT, "config");
let data: string;
const env = () => ({ PATH: process.env.PATH, ZWB_DATA_DIR: data, ZWB_LOG_LEVEL: "silent", ZWB_STORE: "memory" });

async function zwb(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ["--import", "tsx", "bot/cli/index.ts", ...args], { cwd: ROOT, env: env(), timeout: 30_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function chat(lines: object[]): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "bot/cli/index.ts", "chat", "--jsonl"], { cwd: ROOT, env: env() });
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
    // --json stays ISO; what people read is Beijing time to the minute, with Chinese names.
    expect(show.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const text = (await zwb("tickets", "show", ticket.id)).stdout;
    const acceptDue = ticket.deadlines.find((d) => d.kind === "accept")!.dueAt;
    expect(text).toContain(`期限 受理 ${beijingMinute(acceptDue)}`);
    expect(beijingMinute(acceptDue)).toMatch(/ 23:59$/);
    expect(text).toContain(`  ${beijingMinute(show.history[0].at)} 登记 `);
    expect(text).not.toMatch(/\dT\d|\d{2}Z|\baccept\b|\bcreated\b/);
    const csv = (await zwb("tickets", "export", "--csv")).stdout;
    expect(csv.startsWith("\ufeff单号,状态")).toBe(true);
    const row = csv.split("\r\n").find((l) => l.startsWith(ticket.id))!;
    expect(row).toContain(`,${beijingMinute(show.createdAt)},${beijingMinute(acceptDue)},`);
    expect(csv).not.toMatch(/\dT\d/);

    // --status takes the English or the Chinese names; an unknown one is an error, not an empty list.
    const ids = async (status: string) => JSON.parse((await zwb("tickets", "list", "--status", status, "--json")).stdout).map((t: { id: string }) => t.id);
    expect(await ids("待受理")).toEqual([ticket.id]);
    expect(await ids("已受理,已答复")).toEqual([]);
    const bad = await zwb("tickets", "list", "--status", "pending");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("未知的工单状态：pending");
    expect(bad.stderr).toContain("accepted（办理中）");
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

  it("reads --status names: English, Chinese, with full-width commas, and names that hold a comma", () => {
    expect(parseStatusFilter("open,accepted")).toEqual({ ok: true, statuses: ["open", "accepted"] });
    expect(parseStatusFilter("已受理")).toEqual({ ok: true, statuses: ["accepted"] });
    expect(parseStatusFilter("办理中，已答复")).toEqual({ ok: true, statuses: ["accepted", "replied"] });
    expect(parseStatusFilter("已办结,待评价")).toEqual({ ok: true, statuses: ["resolved"] });
    expect(parseStatusFilter("已办结,已答复")).toEqual({ ok: true, statuses: ["closed", "replied"] });
    expect(parseStatusFilter("open,done,已完成")).toEqual({ ok: false, unknown: ["done", "已完成"] });
    expect(parseStatusFilter("")).toMatchObject({ ok: false });
    const msg = statusFilterError(["done"]);
    for (const s of ["open（待受理）", "accepted（办理中）", "replied（已答复）", "resolved（已办结,待评价）", "closed（已办结）", "reopened（重新办理中）"]) expect(msg).toContain(s);
  });

  it("shows every clock and history event in Chinese and Beijing time", () => {
    const sla = loadTicketConfig(CONFIG_DIR).sla;
    const d = (kind: string, dueAt: string, metAt?: string) => ({ kind, round: 1, dueAt, rule: "规则", provisional: false, stopsOn: "reply" as const, metAt });
    const t = {
      id: "TS20251013-0001", status: "resolved", unit: "市行政审批局", category: "窗口服务", text: "投诉内容",
      deadlines: [d("accept", "2025-10-16T15:59:59.999Z", "2025-10-13T02:05:00.000Z"), d("plan", "2025-10-27T15:59:59.999Z"), d("reply", "2025-11-03T15:59:59.999Z"), d("resolve", "2026-04-13T15:59:59.999Z"), d("followup", "2025-10-20T15:59:59.999Z")],
    } as unknown as Ticket;
    const types: TicketEvent["type"][] = ["created", "accepted", "replied", "transferred", "resolved", "rated", "supplemented", "reopened", "followed_up", "replayed", "recalculated"];
    const history = types.map((type) => ({ at: "2025-10-12T16:30:00.000Z", type, by: "system" }));
    const out = ticketText(t, history, sla);
    expect(out).toContain("  期限 受理 2025-10-16 23:59 已完成 2025-10-13 10:05（规则）");
    for (const label of ["制定整改方案", "答复投诉人", "办结", "回访"]) expect(out).toContain(`期限 ${label} `);
    for (const label of ["登记", "受理", "答复", "转办", "办结", "评价", "补充材料", "重新办理", "回访", "补录", "重算期限"]) expect(out).toContain(`  2025-10-13 00:30 ${label} system`);
    expect(out.replaceAll(" system", "")).not.toMatch(/[a-z]{4,}/);
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
    const past = await zwb("tasks", "list", "--status", "已过期");
    expect(past.code).toBe(0);
    expect(past.stdout.trim().split("\n").every((l) => l.includes("已过期"))).toBe(true);
    const bad = await zwb("tasks", "list", "--status", "finished");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("未知的任务状态：finished");
    expect(bad.stderr).toContain("on（已启用）");
  });
});
