// The reminder ladder of one deadline: N working days before, the due day, every working day once
// overdue (escalating after M), each at a time of day moved into working hours. Pure given the
// calendar; cached per due day, because thousands of deadlines share a few hundred due days.
import type { ReminderRules } from "./rules.ts";
import type { WorkCalendar } from "../tickets/calendar.ts";
import { shanghaiDay, addDays, startOfShanghaiDay, atBeijing, beijingHhmm } from "../core/time.ts";

export type StepKind = "before" | "due" | "overdue";

export interface Step {
  /** Stable name within one deadline: before-3, due, overdue-2. Part of the sent-marker key. */
  id: string;
  kind: StepKind;
  /** When it is sent: the rule's time, moved to the next working-hours slot when it falls in quiet hours. */
  at: Date;
  /** Working days overdue (overdue steps). */
  overdueWorkdays: number;
  /** Goes to the unit's leaders and the supervising office too. */
  escalate: boolean;
  /** The rule, in Chinese, as the push quotes it. */
  rule: string;
}



export class Ladder {
  private readonly fixed = new Map<string, Step[]>();
  private readonly between = new Map<string, number>();
  private readonly overdue = new Map<string, Step>();

  constructor(readonly rules: ReminderRules, readonly cal: WorkCalendar) {}

  private isWorkday(day: string): boolean {
    return this.cal.isWorkday(startOfShanghaiDay(day));
  }

  /** True inside working hours of a working day: the only time pushes go out. */
  inWorkingHours(t: Date): boolean {
    const hm = beijingHhmm(t);
    return this.isWorkday(shanghaiDay(t)) && hm >= this.rules.workingHours.start && hm < this.rules.workingHours.end;
  }

  /** t itself when pushes may go out then, else the start of the next working hours. */
  nextWorkingSlot(t: Date): Date {
    if (this.inWorkingHours(t)) return t;
    let day = shanghaiDay(t);
    if (!(this.isWorkday(day) && beijingHhmm(t) < this.rules.workingHours.start)) day = addDays(day, 1);
    for (let i = 0; i < 400 && !this.isWorkday(day); i++) day = addDays(day, 1);
    return atBeijing(day, this.rules.workingHours.start);
  }

  /** The n-th working day strictly before `day`. */
  workdayBefore(day: string, n: number): string {
    let d = day;
    for (let left = n, i = 0; left > 0 && i < 4000; i++) {
      d = addDays(d, -1);
      if (this.isWorkday(d)) left--;
    }
    return d;
  }

  /** The steps before and on the due day, in sending order (cached per due day). */
  fixedSteps(dueAt: Date): Step[] {
    const due = shanghaiDay(dueAt);
    const hit = this.fixed.get(due);
    if (hit) return hit;
    const steps: Step[] = [];
    for (const b of [...this.rules.before].sort((x, y) => y.workdays - x.workdays)) {
      const at = this.nextWorkingSlot(atBeijing(this.workdayBefore(due, b.workdays), b.at));
      steps.push({ id: `before-${b.workdays}`, kind: "before", at, overdueWorkdays: 0, escalate: false, rule: `到期前${b.workdays}个工作日提醒` });
    }
    if (this.rules.dueDay.enabled) {
      // A deadline on a holiday is announced on the last working day before it, not after.
      const day = this.isWorkday(due) ? due : this.workdayBefore(due, 1);
      steps.push({ id: "due", kind: "due", at: this.nextWorkingSlot(atBeijing(day, this.rules.dueDay.at)), overdueWorkdays: 0, escalate: false, rule: "到期当日提醒" });
    }
    // Two steps landing in one slot would be two pushes a minute apart; the later, more urgent one stays.
    const bySlot = new Map<number, Step>();
    for (const s of steps) if (s.at.getTime() <= dueAt.getTime()) bySlot.set(s.at.getTime(), s);
    const out = [...bySlot.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
    this.fixed.set(due, out);
    if (this.fixed.size > 5000) this.fixed.delete(this.fixed.keys().next().value!);
    return out;
  }

  private workdaysAfter(due: string, today: string): number {
    const key = `${due}|${today}`;
    let n = this.between.get(key);
    if (n === undefined) {
      n = this.cal.workdaysBetween(startOfShanghaiDay(due), startOfShanghaiDay(today));
      this.between.set(key, n);
      if (this.between.size > 20000) this.between.clear();
    }
    return n;
  }

  /** The k-th overdue step (k working days after the due day). */
  overdueStep(dueAt: Date, k: number): Step {
    const key = `${shanghaiDay(dueAt)}|${k}`;
    let s = this.overdue.get(key);
    if (!s) {
      s = this.computeOverdue(dueAt, k);
      if (this.overdue.size > 20000) this.overdue.clear();
      this.overdue.set(key, s);
    }
    return s;
  }

  private computeOverdue(dueAt: Date, k: number): Step {
    const o = this.rules.overdue;
    const day = shanghaiDay(this.cal.addWorkdays(dueAt, k).date);
    const escalate = k >= o.escalateAfterWorkdays;
    const every = o.everyWorkdays === 1 ? "每个工作日" : `每${o.everyWorkdays}个工作日`;
    return {
      id: `overdue-${k}`,
      kind: "overdue",
      at: this.nextWorkingSlot(atBeijing(day, o.at)),
      overdueWorkdays: k,
      escalate,
      rule: `超期后${every}提醒;超期${o.escalateAfterWorkdays}个工作日起同时报分管领导和督办单位`,
    };
  }

  /** The latest step whose time has come at `now`, or null when none has yet. */
  currentStep(dueAt: Date, now: Date): Step | null {
    const o = this.rules.overdue;
    if (o.enabled && now.getTime() > dueAt.getTime()) {
      let k = this.workdaysAfter(shanghaiDay(dueAt), shanghaiDay(now));
      k = k >= 1 ? 1 + Math.floor((k - 1) / o.everyWorkdays) * o.everyWorkdays : 0;
      while (k >= 1) {
        const s = this.overdueStep(dueAt, k);
        if (s.at.getTime() <= now.getTime()) return s;
        k -= o.everyWorkdays;
      }
    }
    const fixed = this.fixedSteps(dueAt);
    for (let i = fixed.length - 1; i >= 0; i--) if (fixed[i].at.getTime() <= now.getTime()) return fixed[i];
    return null;
  }

  /** The whole ladder up to `overdueSteps` overdue reminders (preview, documentation, tests). */
  steps(dueAt: Date, overdueSteps = 5): Step[] {
    const out = [...this.fixedSteps(dueAt)];
    if (this.rules.overdue.enabled)
      for (let i = 0, k = 1; i < overdueSteps; i++, k += this.rules.overdue.everyWorkdays) out.push(this.overdueStep(dueAt, k));
    return out;
  }
}
