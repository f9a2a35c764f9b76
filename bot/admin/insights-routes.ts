// The insights side of the admin API: the dashboard's figures, the unanswered groups and what an
// administrator does with one (link it to a measure, add a thesaurus entry, write a curated answer:
// files under ZWB_KB_DIR/faq/, then a reload that every instance follows), the measure picker, and
// the weekly report as JSON or .xlsx. Every change is audited with the administrator's name.
import { Hono, type Context } from "hono";
import type { Root } from "../root/index.ts";
import { addDays, shanghaiDay } from "../../core/time.ts";
import { computeStats, measureTitle, unansweredGroups } from "../../insights/stats.ts";
import { readCurated } from "../../insights/curated/load.ts";
import { removeCurated, writeCurated, CURATED_ID } from "../../insights/curated/write.ts";
import { KIND_ZH } from "../../insights/curated/schema.ts";
import { parseWeek } from "../../insights/weeks.ts";
import { weeklyReport } from "../../insights/weekly.ts";
import { weeklyWorkbook } from "../../insights/xlsx.ts";
import { formatReloadReport } from "../../handlers/admin.ts";
import type { AdminEnv, RecordAction } from "./admin-env.ts";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

// One curated change at a time per process: two entries validated apart could clash in one reload.
let queue: Promise<unknown> = Promise.resolve();
const serial = <T>(job: () => Promise<T>): Promise<T> => {
  const run = queue.then(job);
  queue = run.catch(() => undefined);
  return run;
};

export function insightsRoutes(root: Root, record: RecordAction): Hono<AdminEnv> {
  const { deps } = root;
  const api = new Hono<AdminEnv>();

  const range = (c: Context<AdminEnv>): { fromDay: string; toDay: string } | string => {
    const today = shanghaiDay(deps.clock.now());
    const toDay = c.req.query("to") || today;
    const fromDay = c.req.query("from") || addDays(toDay, -29);
    if (!DAY.test(fromDay) || !DAY.test(toDay)) return "日期格式应为 YYYY-MM-DD";
    if (fromDay > toDay) return "开始日期不能晚于结束日期";
    if (Date.parse(toDay) - Date.parse(fromDay) > 400 * 86_400_000) return "统计区间最长 400 天";
    return { fromDay, toDay };
  };

  api.get("/insights/stats", async (c) => {
    const r = range(c);
    if (typeof r === "string") return c.json({ error: "invalid_query", message: r }, 400);
    const unit = c.req.query("unit") || undefined;
    return c.json({ ...(await computeStats(root.insights, { ...r, unit, now: deps.clock.now() })), units: Object.keys(deps.tickets.directory().units) });
  });

  api.get("/insights/unanswered", async (c) => {
    const r = range(c);
    if (typeof r === "string") return c.json({ error: "invalid_query", message: r }, 400);
    const kb = deps.kb.current();
    const byId = new Map(kb.measures.map((m) => [m.id, m]));
    const groups = await unansweredGroups(root.insights, r.fromDay, r.toDay);
    return c.json({
      ...r,
      groups: groups.map((g) => ({ ...g, offeredMeasures: g.offered.slice(0, 5).map((id) => ({ id, ...measureTitle(byId.get(id), id) })) })),
    });
  });

  api.get("/kb/search", (c) => {
    const q = (c.req.query("q") ?? "").trim().slice(0, 200);
    const kb = deps.kb.current();
    const direct = kb.measures.find((m) => m.id === q);
    const hits = direct ? [direct] : q ? kb.index.search(q, { k: 8 }).hits.map((h) => h.measure) : [];
    return c.json({ measures: hits.map((m) => ({ id: m.id, doc: m.docTitle, section: m.path.join(" > "), text: m.text.length > 120 ? `${m.text.slice(0, 120)}…` : m.text })) });
  });

  api.get("/insights/curated", async (c) => {
    const kb = deps.kb.current();
    const { files, errors } = await readCurated(kb.dir, kb.measures);
    return c.json({ entries: files.map((f) => ({ id: f.id, file: f.file, kindZh: KIND_ZH[f.entry.kind], ...f.entry })), errors });
  });

  api.post("/insights/curated", async (c) => {
    let body: Record<string, unknown>;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ ok: false, message: "请求体应为 JSON" }, 400);
    }
    const name = c.get("actor").split(":").slice(1).join(":") || "admin";
    const groupId = typeof body.group === "string" ? body.group : null;
    return serial(async () => {
      const kb = deps.kb.current();
      let questions: string[] | null = null;
      if (groupId) {
        const r = range(c);
        const groups = await unansweredGroups(root.insights, typeof r === "string" ? addDays(shanghaiDay(deps.clock.now()), -29) : r.fromDay, typeof r === "string" ? shanghaiDay(deps.clock.now()) : r.toDay);
        const g = groups.find((x) => x.id === groupId);
        if (!g) return c.json({ ok: false, message: "该分组已变化或已处理，请刷新后重试" }, 409);
        questions = g.questions.map((q) => q.text).slice(0, 100);
      }
      const { group: _g, ...fields } = body;
      void _g;
      const entry: Record<string, unknown> = { ...fields, by: name, at: deps.clock.now().toISOString() };
      if (questions) {
        if (entry.kind === "thesaurus") entry.examples = questions;
        else entry.questions = [...new Set([...(Array.isArray(entry.questions) ? (entry.questions as string[]) : []), ...questions])].slice(0, 100);
      }
      const w = await writeCurated(kb.dir, entry, kb.measures);
      if (!w.ok) {
        await record(c, "curated.add", false, { kind: body.kind, group: groupId, issues: w.issues.slice(0, 5) });
        return c.json({ ok: false, issues: w.issues, message: w.issues.map((i) => `${i.label}：${i.message}`).join("；") }, 422);
      }
      const report = await deps.kb.reload(kb.dir, { origin: c.get("via") });
      if (!report.ok) {
        // The folder as a whole did not pass (another file broke meanwhile): take ours back out.
        await removeCurated(kb.dir, w.file.replace(/^faq\/|\.json$/g, ""));
        await record(c, "curated.add", false, { kind: w.entry.kind, file: w.file, errors: report.errors.length });
        return c.json({ ok: false, message: formatReloadReport(report), report }, 422);
      }
      await record(c, "curated.add", true, { kind: w.entry.kind, file: w.file, group: groupId, version: report.version, ...("measure" in w.entry && w.entry.measure ? { measure: w.entry.measure } : {}) });
      return c.json({ ok: true, file: w.file, entry: w.entry, version: report.version, message: `已保存为 ${w.file}，知识库已更新到版本 ${report.version}（各实例随之重新加载）` });
    });
  });

  api.delete("/insights/curated/:id", async (c) => {
    const id = c.req.param("id");
    if (!CURATED_ID.test(id)) return c.json({ ok: false, message: `没有条目 ${id}` }, 404);
    return serial(async () => {
      const kb = deps.kb.current();
      if (!(await removeCurated(kb.dir, id))) return c.json({ ok: false, message: `没有条目 ${id}` }, 404);
      const report = await deps.kb.reload(kb.dir, { origin: c.get("via") });
      await record(c, "curated.remove", report.ok, { id, version: report.version });
      return c.json({ ok: report.ok, version: report.version, message: report.ok ? `已删除 ${id}，知识库已更新` : formatReloadReport(report) }, report.ok ? 200 : 422);
    });
  });

  const weekOf = (c: Context<AdminEnv>) => {
    const w = c.req.query("week");
    if (!w) return null;
    return parseWeek(w) ?? "周次格式应为 2026-W49";
  };

  api.get("/report/weekly", async (c) => {
    const w = weekOf(c);
    if (typeof w === "string") return c.json({ error: "invalid_query", message: w }, 400);
    return c.json(await weeklyReport(root.insights, w, deps.clock.now()));
  });

  api.get("/report/weekly.xlsx", async (c) => {
    const w = weekOf(c);
    if (typeof w === "string") return c.json({ error: "invalid_query", message: w }, 400);
    const r = await weeklyReport(root.insights, w, deps.clock.now());
    await record(c, "report.export", true, { week: r.week, format: "xlsx" });
    return c.body(new Uint8Array(await weeklyWorkbook(r)), 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="weekly-${r.week}.xlsx"`,
    });
  });

  return api;
}
