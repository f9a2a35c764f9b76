// The figures of the dashboard (概览), `zwb insights stats --json` and the weekly report, from the
// question log, the tickets and the serving knowledge base: one function, so the three agree.
import { shanghaiDay, startOfShanghaiDay, addDays } from "../core/time.ts";
import type { Ticket } from "../tickets/types.ts";
import type { WorkCalendar } from "../tickets/calendar.ts";
import type { KnowledgeBase } from "../knowledge/service.ts";
import type { Measure } from "../knowledge/types.ts";
import type { QuestionStore, Rating } from "./types.ts";
import { groupUnanswered, type UnansweredGroup } from "./grouping.ts";
import { ticketFigures, type TicketFigures } from "./kpi.ts";
import { weeksBetween, weekLabel } from "./weeks.ts";

export interface InsightsSources {
  questions: QuestionStore;
  /** Every ticket (the store's list). */
  tickets: () => Promise<Ticket[]>;
  calendar: WorkCalendar;
  /** The SLA clocks in force, in order. */
  clocks: () => { kind: string; label: string }[];
  kb: () => KnowledgeBase;
}

export interface StatsQuery {
  /** Beijing days, inclusive. */
  fromDay: string;
  toDay: string;
  unit?: string;
  now: Date;
}

export const QUESTION_OUTCOMES = ["answer", "suggest", "refuse", "clarify"] as const;

export interface QuestionFigures {
  /** Questions: answered, suggested, refused, asked back. */
  total: number;
  counts: Record<(typeof QUESTION_OUTCOMES)[number], number>;
  shares: Record<(typeof QUESTION_OUTCOMES)[number], number | null>;
  perDay: ({ day: string; total: number } & Record<(typeof QUESTION_OUTCOMES)[number], number>)[];
  /** Other replies: tickets made, commands, small talk. */
  other: { complaint: number; command: number; smalltalk: number };
  feedback: Record<Rating, number>;
}

export interface TopicRow {
  measureId: string;
  title: string;
  doc: string;
  count: number;
}

export interface Stats {
  range: { from: string; to: string; unit: string | null };
  generatedAt: string;
  kbVersion: string;
  tickets: TicketFigures;
  overdueTrend: { week: string; label: string; late: number }[];
  questions: QuestionFigures;
  topTopics: TopicRow[];
  topUnanswered: { id: string; title: string; count: number; last: string }[];
}

export function measureTitle(m: Measure | undefined, id: string): { title: string; doc: string } {
  if (!m) return { title: id, doc: "" };
  const what = m.title ?? (m.text.length > 30 ? `${m.text.slice(0, 30)}…` : m.text);
  return { title: `${m.path.at(-1) ?? m.label} ${what}`, doc: m.docTitle };
}

export function periodOf(fromDay: string, toDay: string): { from: Date; to: Date } {
  return { from: startOfShanghaiDay(fromDay), to: startOfShanghaiDay(addDays(toDay, 1)) };
}

export async function questionFigures(store: QuestionStore, fromDay: string, toDay: string): Promise<QuestionFigures> {
  const days = await store.days(fromDay, toDay);
  const counts = { answer: 0, suggest: 0, refuse: 0, clarify: 0 };
  const other = { complaint: 0, command: 0, smalltalk: 0 };
  const feedback: Record<Rating, number> = { useful: 0, useless: 0, wrong: 0 };
  const perDay: QuestionFigures["perDay"] = [];
  for (const d of days) {
    const row = { day: d.day, total: 0, answer: 0, suggest: 0, refuse: 0, clarify: 0 };
    for (const o of QUESTION_OUTCOMES) {
      row[o] = d.outcomes[o] ?? 0;
      row.total += row[o];
      counts[o] += row[o];
    }
    for (const o of ["complaint", "command", "smalltalk"] as const) other[o] += d.outcomes[o] ?? 0;
    for (const r of ["useful", "useless", "wrong"] as const) feedback[r] += d.feedback[r] ?? 0;
    if (row.total) perDay.push(row);
  }
  const total = counts.answer + counts.suggest + counts.refuse + counts.clarify;
  const share = (n: number) => (total ? n / total : null);
  return { total, counts, shares: { answer: share(counts.answer), suggest: share(counts.suggest), refuse: share(counts.refuse), clarify: share(counts.clarify) }, perDay, other, feedback };
}

/** Distinct unanswered questions grouped for the list: the most asked first. */
const GROUPING_LIMIT = 3000;
/** For the dashboard's top 10, the most asked thousand decide it. */
const TOP_LIMIT = 1000;

export async function unansweredGroups(src: Pick<InsightsSources, "questions" | "kb">, fromDay: string, toDay: string, limit = GROUPING_LIMIT): Promise<UnansweredGroup[]> {
  const items = await src.questions.unanswered(fromDay, toDay, limit);
  return groupUnanswered(items, src.kb().curated.questions);
}

export async function computeStats(src: InsightsSources, q: StatsQuery): Promise<Stats> {
  const kb = src.kb();
  const byId = new Map(kb.measures.map((m) => [m.id, m]));
  const period = periodOf(q.fromDay, q.toDay);
  const [tickets, questions, top, groups] = await Promise.all([
    src.tickets(),
    questionFigures(src.questions, q.fromDay, q.toDay),
    src.questions.topMeasures(q.fromDay, q.toDay, 10),
    unansweredGroups(src, q.fromDay, q.toDay, TOP_LIMIT),
  ]);
  const weeks = weeksBetween(q.fromDay, q.toDay > shanghaiDay(q.now) ? shanghaiDay(q.now) : q.toDay);
  const figures = ticketFigures(tickets, { period, now: q.now, clocks: src.clocks(), calendar: src.calendar, unit: q.unit, lateIn: weeks });
  const late = figures.late;
  return {
    range: { from: q.fromDay, to: q.toDay, unit: q.unit ?? null },
    generatedAt: q.now.toISOString(),
    kbVersion: kb.version,
    tickets: figures,
    overdueTrend: weeks.map((w, i) => ({ week: w.id, label: weekLabel(w), late: late[i] })),
    questions,
    topTopics: top.map((t) => ({ measureId: t.measureId, count: t.count, ...measureTitle(byId.get(t.measureId), t.measureId) })),
    topUnanswered: groups.slice(0, 10).map((g) => ({ id: g.id, title: g.title, count: g.count, last: new Date(g.last).toISOString() })),
  };
}
