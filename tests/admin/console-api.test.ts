// What the console calls, on the real HTTP server: tickets paged with 剩余工作日 and worked by an
// administrator under their name (the reply relayed to the complainant), the Excel export opened
// with exceljs, rule errors in Chinese naming the field, the audit log in Chinese with a refused
// token attributed to the address, and the dashboard's figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ServerType } from "@hono/node-server";
import ExcelJS from "exceljs";
import { buildRoot, type Root } from "../../bot/root/index.ts";
import { createApp, type App } from "../../bot/app.ts";
import { startHttp } from "../../bot/channels/local/http.ts";
import { ADMIN_TOKEN, CONFIG_DIR, copyCorpus, silent, tempDir, testConfig } from "./helpers.ts";

let dir: string;
let w: Root;
let app: App;
let server: ServerType;
let base: string;
let n = 0;
const ids: string[] = [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(path: string, init: RequestInit = {}, name = "王五"): Promise<any> {
  const res = await fetch(`${base}/api/admin${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "x-zwb-admin": encodeURIComponent(name), "x-zwb-client": "console", "content-type": "application/json", ...(init.headers ?? {}) } });
  return { status: res.status, ...((await res.json()) as object) };
}
const act = (id: string, action: string, body: unknown = {}) => call(`/tickets/${id}/${action}`, { method: "POST", body: JSON.stringify(body) });

beforeAll(async () => {
  dir = await tempDir("consoleapi");
  await copyCorpus(join(dir, "kb"));
  await cp(CONFIG_DIR, join(dir, "config"), { recursive: true });
  w = await buildRoot(testConfig({ ZWB_DATA_DIR: join(dir, "data"), ZWB_KB_DIR: join(dir, "kb"), ZWB_CONFIG_DIR: join(dir, "config"), ZWB_RATE_LIMIT_PER_MINUTE: "1000" }), silent);
  app = createApp(w.deps);
  const started = await startHttp({ app, root: w }, 0, "127.0.0.1");
  server = started.server;
  base = `http://127.0.0.1:${started.port}`;
  for (let i = 0; i < 23; i++) {
    const r = await app.handle({ channel: "local", messageId: `t${++n}`, userId: `qiye-${i}`, text: `投诉：第${i + 1}家企业反映税务窗口办理退税一再拖延`, mentioned: true, receivedAt: new Date() });
    ids.push(r!.ticket!.id);
  }
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await w.close();
  await rm(dir, { recursive: true, force: true });
});

describe("console API", () => {
  it("pages the ticket list and says how many working days are left", async () => {
    const p1 = await call("/tickets?size=10");
    expect(p1).toMatchObject({ total: 23, page: 1, pages: 3, size: 10 });
    expect(p1.tickets).toHaveLength(10);
    const p3 = await call("/tickets?size=10&page=3");
    expect(p3.tickets).toHaveLength(3);
    const all = new Set([...p1.tickets, ...(await call("/tickets?size=10&page=2")).tickets, ...p3.tickets].map((t: { id: string }) => t.id));
    expect(all.size).toBe(23);
    // Just created: the 受理 clock (3 working days) is the next due.
    expect(p1.tickets[0]).toMatchObject({ nextDue: { kind: "accept" }, remainingWorkdays: 3, overdue: false });
    expect((await call(`/tickets?q=${encodeURIComponent("第7家")}`)).total).toBe(1);
  });

  it("accepts, replies (relayed), transfers, notes and resolves, each audited with the administrator's name", async () => {
    const id = ids[0];
    expect(await act(id, "accept")).toMatchObject({ status: 200, ok: true, message: `已受理工单 ${id}。` });
    const again = await act(id, "reply", { text: "" });
    expect(again).toMatchObject({ status: 422, ok: false });
    expect(again.message).toMatch(/请写明答复内容/);
    w.outbox.drain();
    const replied = await act(id, "reply", { text: "已联系税务局，本周内办理退税" });
    expect(replied).toMatchObject({ ok: true });
    expect(w.outbox.drain("qiye-0").map((p) => p.text)).toEqual([expect.stringContaining("已联系税务局，本周内办理退税")]);
    expect(await act(id, "transfer", { unit: "不存在的局" })).toMatchObject({ status: 422, ok: false });
    expect(await act(id, "transfer", { unit: "营商环境建设局" })).toMatchObject({ ok: true });
    expect(await act(id, "note", { text: "已电话联系企业负责人" })).toMatchObject({ ok: true });
    expect(await act(id, "resolve", { text: "退税已办结" })).toMatchObject({ ok: true, ticket: { status: "resolved" } });
    const d = await call(`/tickets/${id}`);
    expect(d.history.map((e: { type: string }) => e.type)).toEqual(["created", "accepted", "replied", "transferred", "noted", "resolved"]);
    expect(new Set(d.history.slice(1).map((e: { by: string }) => e.by))).toEqual(new Set(["http:console:王五"]));
    expect(d.ticket.notes).toEqual([expect.objectContaining({ text: "已电话联系企业负责人", by: "http:console:王五" })]);
    const audit = (await call("/audit?n=50")).entries;
    const mine = audit.filter((e: { action: string }) => e.action.startsWith("ticket."));
    expect(mine.map((e: { zh: { action: string; who: string; object: string; result: string } }) => [e.zh.action, e.zh.who, e.zh.object, e.zh.result])).toEqual([
      ["受理工单", "王五（控制台）", id, "成功"],
      ["答复工单", "王五（控制台）", id, "失败"],
      ["答复工单", "王五（控制台）", id, "成功"],
      ["转办工单", "王五（控制台）", id, "失败"],
      ["转办工单", "王五（控制台）", id, "成功"],
      ["添加工单备注", "王五（控制台）", id, "成功"],
      ["办结工单", "王五（控制台）", id, "成功"],
    ]);
    // A chat user naming themselves like the console gets no rights.
    const forged = await app.handle({ channel: "http", messageId: `t${++n}`, userId: "console:王五", text: `受理 ${ids[1]}`, mentioned: true, receivedAt: new Date() });
    expect(forged?.text).toMatch(/无权办理/);
  });

  it("exports the tickets as an .xlsx checked cell by cell", async () => {
    const res = await fetch(`${base}/api/admin/tickets/export.xlsx`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.headers.get("content-type")).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.getWorksheet("工单")!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(["单号", "状态", "类别", "责任单位", "优先级", "创建时间", "最近到期", "剩余工作日", "是否超期", "评价", "内容"]);
    expect(ws.rowCount).toBe(24);
    const rows = new Map<string, unknown[]>();
    ws.eachRow((r, i) => i > 1 && rows.set(String(r.getCell(1).value), (r.values as unknown[]).slice(1)));
    const t = await w.store.get(ids[5]);
    expect(rows.get(ids[5])).toEqual([ids[5], "待受理", t!.category, "税务局", "普通", expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/), expect.stringMatching(/ 23:59$/), 3, "否", "", t!.text]);
    expect(rows.get(ids[0])?.[1]).toBe("已办结,待评价");
  });

  it("names the failing rule field in Chinese", async () => {
    const bad = await call("/config/reminders.json", { method: "PUT", body: JSON.stringify({ overdue: { escalateAfterWorkdays: 0 } }) });
    expect(bad.status).toBe(422);
    expect(bad.issues).toEqual([{ file: "reminders.json", field: "overdue.escalateAfterWorkdays", label: "逾期升级天数", message: "至少为 1" }]);
    const time = await call("/config/reminders.json", { method: "PUT", body: JSON.stringify({ workingHours: { start: "9点" } }) });
    expect(time.issues[0]).toMatchObject({ label: "工作时间·开始", message: "应为 24 小时制时刻，如 09:00" });
    const routing = JSON.parse((await call("/config")).files.find((f: { name: string }) => f.name === "routing.json").content);
    routing.keywords[1].unit = "";
    const r = await call("/config/routing.json", { method: "PUT", body: JSON.stringify(routing) });
    expect(r.issues[0]).toMatchObject({ field: "keywords.1.unit", label: "关键词规则第2条·承办单位", message: "不能为空" });
    const unknown = await call("/config/reminders.json", { method: "PUT", body: JSON.stringify({ weeklyReport: { units: ["不存在的局"] } }) });
    expect(unknown.issues[0]).toMatchObject({ field: "weeklyReport.units.0", label: "周报推送·单位第1项" });
  });

  it("attributes a refused token to the address it came from", async () => {
    await fetch(`${base}/api/admin/kb`, { headers: { authorization: "Bearer wrong-wrong-wrong-wrong", "x-zwb-admin": "admin-token" } });
    const last = (await call("/audit?n=5")).entries.at(-1);
    expect(last.actor).toBe("address:127.0.0.1");
    expect(last.zh).toMatchObject({ who: "来自 127.0.0.1", action: "登录失败（令牌无效）", object: "/api/admin/kb", result: "拒绝" });
  });

  it("serves the dashboard's figures and ECharts from node_modules", async () => {
    const s = await call("/insights/stats");
    expect(s.tickets.created.total).toBe(23);
    expect(s.tickets.clocks.map((c: { kind: string }) => c.kind)).toEqual(["accept", "plan", "reply", "resolve", "followup"]);
    expect(s.tickets.acceptRate).toEqual({ due: 1, onTime: 1, rate: 1 });
    expect((await call("/insights/stats?from=2026-13-01")).status).toBe(400);
    const js = await fetch(`${base}/console/vendor/echarts.min.js`);
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(500_000);
    expect((await fetch(`${base}/console/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${base}/console/assets/..%2Fpage.ts`)).status).toBe(404);
  });
});
