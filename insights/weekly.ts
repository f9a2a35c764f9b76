// The weekly report (周报) of the supervising office: the week's figures (按时受理率, 按期办结率,
// 满意率, 重办率, on-time rate per clock per unit), the overdue tickets by unit (督办通报), the
// questions asked and the week's unanswered top 10 — as JSON, as an .xlsx with one sheet per table,
// and as the short summary pushed to the leaders on Monday morning.
import { beijingMinute } from "../core/time.ts";
import { computeStats, unansweredGroups, type InsightsSources, type Stats } from "./stats.ts";
import { pct, type Tally } from "./kpi.ts";
import { lastFullWeek, weekLabel, type Week } from "./weeks.ts";
import type { UnansweredGroup } from "./grouping.ts";

export interface WeeklyReport {
  week: string;
  label: string;
  from: string;
  to: string;
  generatedAt: string;
  stats: Stats;
  /** The week's unanswered top 10, with their questions. */
  unanswered: UnansweredGroup[];
}

export async function weeklyReport(src: InsightsSources, week: Week | null, now: Date): Promise<WeeklyReport> {
  const w = week ?? lastFullWeek(now);
  const [stats, groups] = await Promise.all([computeStats(src, { fromDay: w.monday, toDay: w.sunday, now }), unansweredGroups(src, w.monday, w.sunday)]);
  return { week: w.id, label: weekLabel(w), from: w.monday, to: w.sunday, generatedAt: now.toISOString(), stats, unanswered: groups.slice(0, 10) };
}

const ratio = (t: Tally) => `${pct(t.rate)}（${t.onTime}/${t.due}）`;

/** The few lines pushed to the leaders; the full tables are in the console and the .xlsx. */
export function weeklySummary(r: WeeklyReport): string {
  const t = r.stats.tickets;
  const q = r.stats.questions;
  const lines = [
    `【营商环境周报】${r.label}`,
    `工单：新登记 ${t.created.total} 件；按时受理率 ${ratio(t.acceptRate)}，按期办结率 ${ratio(t.resolveRate)}，满意率 ${pct(t.satisfaction.rate)}（${t.satisfaction.satisfied}/${t.satisfaction.rated}），重办率 ${pct(t.reopen.rate)}（${t.reopen.reopened}/${t.reopen.resolved}）。`,
    t.overdue.tickets
      ? `督办：超期未办 ${t.overdue.tickets} 件（${t.overdue.byUnit.slice(0, 5).map((u) => `${u.unit} ${u.tickets} 件`).join("，")}${t.overdue.byUnit.length > 5 ? " 等" : ""}）。`
      : "督办：本周末无超期未办工单。",
    `咨询：${q.total} 次，已答复 ${pct(q.shares.answer)}，推荐条目 ${pct(q.shares.suggest)}，未能答复 ${pct(q.shares.refuse)}。`,
  ];
  if (r.unanswered.length) lines.push(`未解决问题前三：${r.unanswered.slice(0, 3).map((g, i) => `${i + 1}. ${g.title.slice(0, 24)}（${g.count} 次）`).join("；")}。`);
  lines.push("完整报表：管理控制台“概览”，或 zwb report weekly --xlsx。");
  return lines.join("\n");
}

/** Beijing "YYYY-MM-DD HH:MM" of epoch ms. */
export const at = (ms: number | string) => beijingMinute(ms);
