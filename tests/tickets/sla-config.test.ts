import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { computeDeadlines, formatDay } from "../../tickets/sla.ts";
import { ChineseWorkCalendar } from "../../tickets/calendar.ts";
import { shanghaiDay } from "../../core/time.ts";
import { loadTicketConfig, parseTicketConfig, TicketConfigError } from "../../tickets/config.ts";
import { routeComplaint, unitFromHint } from "../../tickets/routing.ts";
import { CONFIG_DIR } from "../handlers/complaint-helpers.ts";

const raw = (f: string) => JSON.parse(readFileSync(join(CONFIG_DIR, f), "utf8"));
const tc = loadTicketConfig(CONFIG_DIR);
const cal = new ChineseWorkCalendar();
const byKind = (ds: ReturnType<typeof computeDeadlines>) => Object.fromEntries(ds.map((d) => [d.kind, d]));

describe("SLA deadlines from config/sla.json", () => {
  it("computes the clocks of a complaint filed before National Day 2025, each with its source", () => {
    const ds = byKind(computeDeadlines(tc.sla, cal, new Date("2025-09-30T09:00:00+08:00"), "created"));
    expect(Object.keys(ds)).toEqual(["accept", "plan", "reply", "resolve"]);
    expect(shanghaiDay(new Date(ds.accept.dueAt))).toBe("2025-10-11");
    expect(shanghaiDay(new Date(ds.plan.dueAt))).toBe("2025-10-21");
    expect(shanghaiDay(new Date(ds.reply.dueAt))).toBe("2025-10-28");
    expect(shanghaiDay(new Date(ds.resolve.dueAt))).toBe("2026-03-30");
    expect(ds.accept.dueAt).toBe("2025-10-11T15:59:59.999Z"); // 23:59:59.999 Beijing
    expect(ds.plan.rule).toMatch(/10个工作日内制定整改方案.*海城/);
    expect(ds.resolve.rule).toMatch(/6个月/);
    expect(ds.accept.rule).toMatch(/12345/);
    expect(ds.reply.stopsOn).toBe("reply");
    const follow = computeDeadlines(tc.sla, cal, new Date("2025-10-13T10:00:00+08:00"), "resolved");
    expect(follow.map((d) => d.kind)).toEqual(["followup"]);
    expect(shanghaiDay(new Date(follow[0].dueAt))).toBe("2025-10-20");
    expect(formatDay(ds.accept.dueAt)).toBe("2025年10月11日(周六)");
  });

  it("marks a 2027 deadline provisional", () => {
    const ds = byKind(computeDeadlines(tc.sla, cal, new Date("2026-12-28T09:00:00+08:00"), "created"));
    expect(ds.accept.provisional).toBe(false); // 29, 30, 31 Dec 2026
    expect(ds.reply.provisional).toBe(true);
    expect(ds.resolve.provisional).toBe(false); // calendar months
  });

  it("takes every number from the file", () => {
    const sla = raw("sla.json");
    sla.deadlines[0].workdays = 1;
    const c = parseTicketConfig({ routing: raw("routing.json"), sla, directory: raw("directory.json") });
    const ds = byKind(computeDeadlines(c.sla, cal, new Date("2025-09-30T09:00:00+08:00"), "created"));
    expect(shanghaiDay(new Date(ds.accept.dueAt))).toBe("2025-10-09");
  });
});

describe("ticket config validation", () => {
  it("refuses a routed unit without officers, naming it", () => {
    const routing = raw("routing.json");
    routing.categories["执法检查"] = "不存在局";
    expect(() => parseTicketConfig({ routing, sla: raw("sla.json"), directory: raw("directory.json") })).toThrow(/不存在局/);
  });

  it("refuses malformed entries with the field path", () => {
    const sla = raw("sla.json");
    sla.deadlines[1].months = 2; // both workdays and months
    expect(() => parseTicketConfig({ routing: raw("routing.json"), sla, directory: raw("directory.json") })).toThrow(TicketConfigError);
    const directory = raw("directory.json");
    directory.units["司法局"][0].channel = "sms";
    expect(() => parseTicketConfig({ routing: raw("routing.json"), sla: raw("sla.json"), directory })).toThrow(/units\.司法局\.0\.channel/);
  });
});

describe("routing", () => {
  it("prefers keywords, then the knowledge-base hint, then the category, then the default", () => {
    expect(routeComplaint("接电拖了两个月", "市政公用报装", tc.routing, tc.directory).unit).toBe("供电公司");
    expect(routeComplaint("用气报装没办下来", "市政公用报装", tc.routing, tc.directory).unit).toBe("住房和城乡建设局");
    expect(routeComplaint("项目审批拖延", "窗口服务/审批时限", tc.routing, tc.directory, "责任单位:经发局、住房和城乡建设局、行政审批局").unit).toBe("住房和城乡建设局");
    expect(routeComplaint("项目审批拖延", "窗口服务/审批时限", tc.routing, tc.directory, "某个不存在的单位").unit).toBe("行政审批局");
    expect(routeComplaint("别的事情", "其他", tc.routing, tc.directory).unit).toBe("营商环境建设局");
    expect(unitFromHint("司法局", tc.directory)).toBe("司法局");
  });
});
