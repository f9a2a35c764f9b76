// The figures a 营商办 reports on complaint tickets, computed from the tickets themselves:
// - on-time rate per clock (受理/整改方案/答复/办结/回访) per unit: a clock is decided once — when it
//   is met (on time if by its due time) or when its due time passes unmet (late) — and counted in
//   the period it was decided in. 按时受理率 is the 受理 clock's rate, 按期办结率 the 办结 clock's.
// - 满意率: satisfied ratings given in the period / all ratings given in the period.
// - 重办率: reopenings (an unsatisfied rating reopens the ticket) in the period / 办结 clocks met in it.
// - overdue (督办通报): clocks unmet past their due time at the report's moment, by unit.
import type { Ticket, TicketStatus } from "../tickets/types.ts";
import { STATUS_ZH } from "../tickets/types.ts";
import type { WorkCalendar } from "../tickets/calendar.ts";

export interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface Tally {
  /** Clocks decided in the period. */
  due: number;
  onTime: number;
  /** onTime / due, null when nothing was due. */
  rate: number | null;
}

export interface ClockFigures {
  kind: string;
  label: string;
  total: Tally;
  byUnit: Record<string, Tally>;
}

export interface OverdueItem {
  id: string;
  unit: string;
  kind: string;
  label: string;
  round: number;
  dueAt: string;
  /** Working days past the due day. */
  overdueWorkdays: number;
  category: string;
  status: TicketStatus;
}

export interface TicketFigures {
  clocks: ClockFigures[];
  acceptRate: Tally;
  resolveRate: Tally;
  satisfaction: { rated: number; satisfied: number; rate: number | null };
  reopen: { resolved: number; reopened: number; rate: number | null };
  /** Tickets created in the period, by status and by unit. */
  created: { total: number; byStatus: { status: TicketStatus; label: string; count: number }[]; byUnit: { unit: string; count: number }[] };
  /** Overdue clocks at `asOf`, by unit, most first. */
  overdue: { asOf: string; total: number; tickets: number; byUnit: { unit: string; tickets: number; clocks: number; items: OverdueItem[] }[] };
  /** Clocks decided late in each of `lateIn`. */
  late: number[];
}

export interface KpiOptions {
  period: Period;
  /** The moment the figures are taken (now); clocks still running then are not decided. */
  now: Date;
  /** Clock kinds and their labels, in the order shown (sla.json). */
  clocks: { kind: string; label: string }[];
  calendar: WorkCalendar;
  unit?: string;
  /** Consecutive periods of equal length (weeks) in which to count the clocks decided late. */
  lateIn?: Period[];
}

const rateOf = (onTime: number, due: number): number | null => (due ? onTime / due : null);
const tally = (): Tally => ({ due: 0, onTime: 0, rate: null });

// Due times repeat (every clock ends at 24:00 of a day): parse each distinct one once.
const parsed = new Map<string, number>();
const time = (iso: string): number => {
  let t = parsed.get(iso);
  if (t === undefined) {
    if (parsed.size > 100_000) parsed.clear();
    parsed.set(iso, (t = Date.parse(iso)));
  }
  return t;
};
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function ticketFigures(all: readonly Ticket[], o: KpiOptions): TicketFigures {
  const from = o.period.from.getTime();
  const to = o.period.to.getTime();
  const now = o.now.getTime();
  const asOf = Math.min(to, now);
  const inPeriod = (t: number) => t >= from && t < to && t <= now;
  const tickets = o.unit ? all.filter((t) => t.unit === o.unit) : all;
  const late = (o.lateIn ?? []).map(() => 0);
  const lateFrom = o.lateIn?.[0]?.from.getTime() ?? 0;
  const lateSpan = o.lateIn?.length ? o.lateIn[0].to.getTime() - lateFrom : 1;
  const labelOf = new Map(o.clocks.map((c) => [c.kind, c.label]));
  const clocks = new Map<string, ClockFigures>(o.clocks.map((c) => [c.kind, { kind: c.kind, label: c.label, total: tally(), byUnit: {} }]));
  let rated = 0;
  let satisfied = 0;
  let reopened = 0;
  let resolved = 0;
  const byStatus = new Map<TicketStatus, number>();
  const createdByUnit = new Map<string, number>();
  let created = 0;
  const overdue = new Map<string, { tickets: Set<string>; items: OverdueItem[] }>();
  // Many clocks share a due day: count the working days past each once.
  const pastDue = new Map<string, number>();
  const workdaysPast = (dueAt: string) => {
    const key = dueAt.slice(0, 13);
    let n = pastDue.get(key);
    // Counted to the last moment inside the report (a report up to Monday 00:00 counts to Sunday).
    if (n === undefined) pastDue.set(key, (n = Math.max(0, o.calendar.workdaysBetween(new Date(dueAt), new Date(asOf - 1)))));
    return n;
  };

  for (const t of tickets) {
    const c = Date.parse(t.createdAt);
    if (inPeriod(c)) {
      created++;
      byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
      createdByUnit.set(t.unit, (createdByUnit.get(t.unit) ?? 0) + 1);
    }
    for (const d of t.deadlines) {
      const fig = clocks.get(d.kind);
      // Decided: met by its due time (on time), else at its due time once that has passed (late).
      // Written out, not a helper returning an object: this runs once per clock of every ticket.
      const due = time(d.dueAt);
      const met = d.metAt ? Date.parse(d.metAt) : NaN;
      const at = met <= due ? met : met > due || due < now ? due : NaN;
      if (late.length && at === due && !(met <= due)) {
        // Decided late (at its due time): counted in the week it fell in, when that week is asked for.
        const w = Math.floor((due - lateFrom) / lateSpan);
        if (w >= 0 && w < late.length && due <= now) late[w]++;
      }
      if (fig && at >= from && at < to && at <= now) {
        const u = (fig.byUnit[t.unit] ??= tally());
        fig.total.due++;
        u.due++;
        if (met <= due) {
          fig.total.onTime++;
          u.onTime++;
        }
      }
      if (d.kind === "resolve" && met >= from && met < to && met <= now) resolved++;
      if (!d.metAt && due < asOf) {
        let u = overdue.get(t.unit);
        if (!u) overdue.set(t.unit, (u = { tickets: new Set(), items: [] }));
        u.tickets.add(t.id);
        u.items.push({
          id: t.id,
          unit: t.unit,
          kind: d.kind,
          label: labelOf.get(d.kind) ?? d.kind,
          round: d.round,
          dueAt: d.dueAt,
          overdueWorkdays: workdaysPast(d.dueAt),
          category: t.category,
          status: t.status,
        });
      }
    }
    if (t.ratings)
      for (const r of t.ratings) {
        const at = Date.parse(r.at);
        if (!inPeriod(at)) continue;
        rated++;
        if (r.satisfied) satisfied++;
        else reopened++;
      }
    else if (t.rating && inPeriod(Date.parse(t.updatedAt))) {
      // Rated before ratings were kept with their time: the last rating, at the last change.
      rated++;
      if (t.rating === "satisfied") satisfied++;
      else reopened++;
    }
  }
  for (const f of clocks.values()) {
    f.total.rate = rateOf(f.total.onTime, f.total.due);
    for (const u of Object.values(f.byUnit)) u.rate = rateOf(u.onTime, u.due);
  }
  const list = [...clocks.values()];
  const byUnit = [...overdue]
    .map(([unit, u]) => ({ unit, tickets: u.tickets.size, clocks: u.items.length, items: u.items.sort((a, b) => byText(a.dueAt, b.dueAt) || byText(a.id, b.id)) }))
    .sort((a, b) => b.tickets - a.tickets || b.clocks - a.clocks || byText(a.unit, b.unit));
  return {
    clocks: list,
    acceptRate: clocks.get("accept")?.total ?? tally(),
    resolveRate: clocks.get("resolve")?.total ?? tally(),
    satisfaction: { rated, satisfied, rate: rateOf(satisfied, rated) },
    reopen: { resolved, reopened, rate: rateOf(reopened, resolved) },
    created: {
      total: created,
      byStatus: (Object.keys(STATUS_ZH) as TicketStatus[]).map((s) => ({ status: s, label: STATUS_ZH[s], count: byStatus.get(s) ?? 0 })),
      byUnit: [...createdByUnit].map(([unit, count]) => ({ unit, count })).sort((a, b) => b.count - a.count || a.unit.localeCompare(b.unit)),
    },
    overdue: { asOf: new Date(asOf).toISOString(), total: byUnit.reduce((a, u) => a + u.clocks, 0), tickets: byUnit.reduce((a, u) => a + u.tickets, 0), byUnit },
    late,
  };
}

/** "95.0%" or "—" */
export function pct(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}
