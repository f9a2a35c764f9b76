// The weekly figures from tickets seeded through the real service with a moved clock, on the
// embedded store and on Redis, equal the values counted by hand; the .xlsx is opened with exceljs
// and checked cell by cell.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { SqliteTicketStore } from "../../tickets/sqlite-store.ts";
import { openDatabase } from "../../tickets/db.ts";
import { RedisTicketStore, type RedisClient } from "../../tickets/redis-store.ts";
import type { TicketStore } from "../../tickets/store.ts";
import { SqliteQuestionStore } from "../../insights/sqlite-store.ts";
import { QuestionLog } from "../../insights/question-log.ts";
import { ticketFigures } from "../../insights/kpi.ts";
import { parseWeek } from "../../insights/weeks.ts";
import { weeklyReport, weeklySummary } from "../../insights/weekly.ts";
import { weeklyWorkbook } from "../../insights/xlsx.ts";
import type { InsightsSources } from "../../insights/stats.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import { KnowledgeService } from "../../knowledge/service.ts";
import { silentLogger } from "../../core/log.ts";
import { REDIS_URL } from "../support/redis-url.ts";
import { CONFIG_DIR, CORPUS_DIR } from "../admin/helpers.ts";
import { seedWeek, BY_HAND, bj } from "./seed.ts";
import { msgOf, replyOf } from "./question-log.contract.ts";

const W49 = parseWeek("2026-W49")!;
const clocks = loadTicketConfig(CONFIG_DIR).sla.deadlines.map((d) => ({ kind: d.kind, label: d.label }));
const rate = (x: { due: number; onTime: number }) => x.onTime / x.due;

let dir: string;
let redis: RedisClient;
const prefix = `zwbtest:${process.pid}:weekly:`;
const kb = new KnowledgeService(CORPUS_DIR, silentLogger());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "zwb-weekly-"));
  redis = createClient({ url: REDIS_URL }) as unknown as RedisClient;
  redis.on("error", () => undefined);
  await redis.connect();
  await kb.reload();
});
afterAll(async () => {
  for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await redis.del(keys);
  redis.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const stores: [string, () => TicketStore][] = [
  ["embedded", () => new SqliteTicketStore(openDatabase(join(dir, "tickets")))],
  ["redis", () => new RedisTicketStore(redis, prefix)],
];

describe.each(stores)("weekly figures (%s store)", (_name, open) => {
  it("equal the values counted by hand", async () => {
    const store = open();
    const { clock, calendar } = await seedWeek(store);
    const f = ticketFigures(await store.list({}), { period: { from: W49.from, to: W49.to }, now: clock.now(), clocks, calendar, lateIn: [parseWeek("2026-W48")!, W49] });
    expect(f.late).toEqual([0, 2]); // T2 and T3's 受理 went overdue in W49, nothing in W48
    const by = Object.fromEntries(f.clocks.map((c) => [c.kind, c]));
    expect(f.acceptRate).toEqual({ ...BY_HAND.accept, rate: 0.6 });
    for (const [unit, t] of Object.entries(BY_HAND.acceptByUnit)) expect(by.accept.byUnit[unit]).toEqual({ ...t, rate: rate(t) });
    expect(f.resolveRate).toEqual({ ...BY_HAND.resolve, rate: 1 });
    for (const k of ["plan", "reply", "followup"] as const) expect(by[k].total).toEqual({ ...BY_HAND[k], rate: 1 });
    expect(f.satisfaction).toEqual({ ...BY_HAND.satisfaction, rate: 0.5 });
    expect(f.reopen).toEqual({ ...BY_HAND.reopen, rate: 0.5 });
    expect(f.created.total).toBe(BY_HAND.created);
    expect(f.overdue.byUnit.map((u) => ({ unit: u.unit, tickets: u.tickets, clocks: u.clocks, kind: u.items[0].kind, overdueWorkdays: u.items[0].overdueWorkdays }))).toEqual(BY_HAND.overdue);
    // The same figures a week later leave W49 as it was: decided clocks do not move.
    clock.set(bj("2026-12-14T09:00"));
    const later = ticketFigures(await store.list({}), { period: { from: W49.from, to: W49.to }, now: clock.now(), clocks, calendar });
    expect(later.acceptRate).toEqual(f.acceptRate);
    expect(later.satisfaction).toEqual(f.satisfaction);
    await store.close();
  });
});

describe("weekly report", () => {
  it("JSON, summary and an .xlsx checked cell by cell", async () => {
    const store = new SqliteTicketStore(openDatabase(join(dir, "report-tickets")));
    const { clock, calendar, ids } = await seedWeek(store);
    const qstore = new SqliteQuestionStore(join(dir, "q.sqlite"));
    const qlog = new QuestionLog({ store: qstore, secret: "s".repeat(20), clock, log: silentLogger(), retentionDays: 180 });
    clock.set(bj("2026-12-02T10:00"));
    const measure = kb.current().measures[0].id;
    for (const u of ["a", "b", "c"]) qlog.record(msgOf(u, "企业开办多长时间", clock), replyOf("answer", [measure]));
    qlog.record(msgOf("d", "护照怎么办", clock), replyOf("refuse"));
    qlog.record(msgOf("e", "护照怎么办理？", clock), replyOf("refuse"));
    qlog.record(msgOf("f", "报装", clock), replyOf("suggest", [measure]));
    await qlog.flush();
    clock.set(bj("2026-12-07T09:00"));
    const src: InsightsSources = { questions: qstore, tickets: () => store.list({}), calendar, clocks: () => clocks, kb: () => kb.current() };
    const r = await weeklyReport(src, null, clock.now());
    expect(r.week).toBe("2026-W49");
    expect(r.stats.questions).toMatchObject({ total: 6, counts: { answer: 3, suggest: 1, refuse: 2, clarify: 0 } });
    expect(r.unanswered[0]).toMatchObject({ count: 2, reasons: ["refuse"] });
    expect(r.stats.topTopics[0]).toMatchObject({ measureId: measure, count: 3 });
    const text = weeklySummary(r);
    expect(text).toContain("按时受理率 60.0%（3/5）");
    expect(text).toContain("按期办结率 100.0%（2/2）");
    expect(text).toContain("满意率 50.0%（1/2）");
    expect(text).toContain("重办率 50.0%（1/2）");
    expect(text).toContain("超期未办 1 件（税务局 1 件）");

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await weeklyWorkbook(r)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["概览", "各单位按时率", "督办通报", "未解决问题", "每日咨询"]);
    const cells = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    };
    const overview = cells("概览");
    expect(overview[0]).toEqual(["指标", "数值", "分子", "分母", "说明"]);
    expect(overview[1].slice(0, 2)).toEqual(["统计周期", "2026年第49周（11月30日—12月6日）"]);
    expect(overview[2].slice(0, 4)).toEqual(["按时受理率", 0.6, 3, 5]);
    expect(overview[3].slice(0, 4)).toEqual(["按期办结率", 1, 2, 2]);
    expect(overview[4].slice(0, 4)).toEqual(["满意率", 0.5, 1, 2]);
    expect(overview[5].slice(0, 4)).toEqual(["重办率", 0.5, 1, 2]);
    expect(overview.slice(6, 11).map((r) => r.slice(0, 4))).toEqual([
      ["受理按时率", 0.6, 3, 5],
      ["制定整改方案按时率", 1, 2, 2],
      ["答复投诉人按时率", 1, 2, 2],
      ["办结按时率", 1, 2, 2],
      ["回访按时率", 1, 2, 2],
    ]);
    expect(overview[11].slice(0, 2)).toEqual(["新登记工单", 3]);
    expect(overview[12].slice(0, 2)).toEqual(["超期未办工单", 1]);
    expect(overview[13].slice(0, 2)).toEqual(["咨询次数", 6]);
    expect(overview[14].slice(0, 4)).toEqual(["已答复占比", 0.5, 3, 6]);
    expect(wb.getWorksheet("概览")!.getCell("B3").numFmt).toBe("0.0%");

    const units = cells("各单位按时率");
    expect(units[0].slice(0, 3)).toEqual(["单位", "受理按时率", "受理应计"]);
    expect(units.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ["供电公司", 0.5, 2],
      ["市场监督管理局", 1, 2],
      ["税务局", 0, 1],
    ]);
    const overdue = cells("督办通报");
    expect(overdue.slice(1)).toEqual([["税务局", 1, ids.T3, "受理", 1, "2026-12-02 23:59", 2, expect.any(String), "待受理"]]);
    const open = cells("未解决问题");
    expect(open[1]).toEqual([1, "护照怎么办", 2, "2026-12-02 10:00", "未能答复", "护照怎么办理？"]);
    expect(cells("每日咨询").slice(1)).toEqual([["2026-12-02", 6, 3, 1, 2, 0]]);
    await qlog.close();
    await store.close();
  });
});
