// Task switches and completion: tasks are off until an administrator enables them; enabled tasks get
// reminders like ticket clocks; reporting one done stops its reminders (recurring: moves to the next).
import type { Clock } from "../core/clock.ts";
import type { Measure } from "../knowledge/types.ts";
import type { DirectoryConfig } from "../tickets/config.ts";
import { type WorkCalendar } from "../tickets/calendar.ts";
import { shanghaiDay, addDays, endOfShanghaiDay } from "../core/time.ts";
import type { ReminderRules } from "./rules.ts";
import type { ReminderState, TaskState } from "./state.ts";
import { tasksFromMeasures, unitResolver, nextOccurrence, type TaskDef, TASK_ID_RE, everyZh } from "./tasks.ts";

export type TaskStatus = "off" | "on" | "done" | "past";

export const TASK_STATUS_ZH: Record<TaskStatus, string> = { off: "未启用", on: "已启用", done: "已完成", past: "已过期(不提醒)" };

export interface TaskView extends TaskDef {
  status: TaskStatus;
  state: TaskState | null;
  /** The due day of the occurrence reminders are about (enabled) or would be about (off). */
  dueDay: string | null;
}

/** An enabled task's open occurrence, in the shape the scheduler reminds about. */
export interface TaskDeadline {
  task: TaskDef;
  round: string;
  dueAt: string;
}

export interface TaskServiceDeps {
  measures: () => Measure[];
  state: ReminderState;
  calendar: WorkCalendar;
  clock: Clock;
  directory: DirectoryConfig;
  rules: ReminderRules;
}

export interface TaskOutcome {
  ok: boolean;
  text: string;
  task: TaskView | null;
}

export class TaskService {
  constructor(readonly deps: TaskServiceDeps) {}

  defs(): TaskDef[] {
    return tasksFromMeasures(this.deps.measures(), unitResolver(this.deps.directory, this.deps.rules));
  }

  private view(def: TaskDef, s: TaskState | null, today: string): TaskView {
    if (def.type === "once") {
      if (s?.doneAt) return { ...def, status: "done", state: s, dueDay: def.date! };
      // Policies from 2018–2024: a one-off deadline already behind us (when enabled, or today) is history.
      const ref = s?.enabled && s.enabledAt ? shanghaiDay(new Date(s.enabledAt)) : today;
      if (def.date! < ref) return { ...def, status: "past", state: s, dueDay: def.date! };
      return { ...def, status: s?.enabled ? "on" : "off", state: s, dueDay: def.date! };
    }
    const from = this.occurrenceFrom(s, today);
    return { ...def, status: s?.enabled ? "on" : "off", state: s, dueDay: nextOccurrence(def, from, this.deps.calendar, this.anchor(s, today)) };
  }

  private anchor(s: TaskState | null, today: string): string {
    return s?.enabledAt ? shanghaiDay(new Date(s.enabledAt)) : today;
  }

  /** A recurring task's open occurrence is the first not done and not before it was enabled. */
  private occurrenceFrom(s: TaskState | null, today: string): string {
    if (!s?.enabled || !s.enabledAt) return today;
    const enabled = shanghaiDay(new Date(s.enabledAt));
    const afterDone = s.doneThrough ? addDays(s.doneThrough, 1) : enabled;
    return afterDone > enabled ? afterDone : enabled;
  }

  async list(): Promise<TaskView[]> {
    const states = await this.deps.state.taskStates();
    const today = shanghaiDay(this.deps.clock.now());
    return this.defs().map((d) => this.view(d, states[d.id] ?? null, today));
  }

  async get(id: string): Promise<TaskView | null> {
    const key = id.trim();
    return (await this.list()).find((t) => t.id.toLowerCase() === key.toLowerCase()) ?? null;
  }

  private async save(id: string, s: TaskState): Promise<TaskView> {
    await this.deps.state.putTaskState(id, s);
    return (await this.get(id))!;
  }

  async enable(id: string, by = "admin"): Promise<TaskOutcome> {
    const t = await this.get(id);
    if (!t) return { ok: false, text: `没有任务 ${id}。发送「任务列表」或运行 zwb tasks list 查看。`, task: null };
    if (t.status === "past") return { ok: false, text: `任务 ${t.id}「${t.title}」的期限 ${t.dueDay} 已过,不再提醒。`, task: t };
    if (t.status === "done") return { ok: false, text: `任务 ${t.id} 已完成。`, task: t };
    if (t.status === "on") return { ok: true, text: `任务 ${t.id} 已是启用状态。`, task: t };
    const now = this.deps.clock.now().toISOString();
    const up = await this.save(t.id, { ...(t.state ?? {}), enabled: true, enabledAt: now, doneThrough: undefined, by, updatedAt: now });
    return { ok: true, text: `已启用任务 ${up.id}「${up.title}」,由${up.unit}负责,${up.type === "once" ? "期限" : `${everyZh(up)},本期期限`} ${up.dueDay}。`, task: up };
  }

  async disable(id: string, by = "admin"): Promise<TaskOutcome> {
    const t = await this.get(id);
    if (!t) return { ok: false, text: `没有任务 ${id}。`, task: null };
    const now = this.deps.clock.now().toISOString();
    const up = await this.save(t.id, { ...(t.state ?? {}), enabled: false, by, updatedAt: now });
    return { ok: true, text: `已停用任务 ${up.id}「${up.title}」,不再提醒。`, task: up };
  }

  /** Completion of the open occurrence; `unit` (when given) must be the task's unit or the supervising unit. */
  async done(id: string, by = "admin", unit?: string): Promise<TaskOutcome> {
    if (!TASK_ID_RE.test(id.trim())) return { ok: false, text: `任务编号格式不对,例如「完成任务 T1a2b3c」。`, task: null };
    const t = await this.get(id);
    if (!t) return { ok: false, text: `没有任务 ${id}。`, task: null };
    if (unit !== undefined && unit !== t.unit && unit !== this.deps.directory.supervisingUnit) return { ok: false, text: `任务 ${t.id} 由${t.unit}负责,您所在的${unit}无权办理。`, task: t };
    if (t.status !== "on") return { ok: false, text: `任务 ${t.id} 当前${TASK_STATUS_ZH[t.status]},无需办理。`, task: t };
    const now = this.deps.clock.now().toISOString();
    if (t.type === "once") {
      const up = await this.save(t.id, { ...t.state!, doneAt: now, by, updatedAt: now });
      return { ok: true, text: `已记录任务 ${t.id}「${t.title}」完成,相关提醒已取消。`, task: up };
    }
    const up = await this.save(t.id, { ...t.state!, doneThrough: t.dueDay!, by, updatedAt: now });
    return { ok: true, text: `已记录任务 ${t.id} 本期(${t.dueDay})完成。下一期期限 ${up.dueDay}。`, task: up };
  }

  /** Enabled tasks' open occurrences: what the scheduler reminds about. */
  async openDeadlines(): Promise<TaskDeadline[]> {
    return (await this.list())
      .filter((t) => t.status === "on" && t.dueDay)
      .map((t) => ({ task: t, round: t.dueDay!, dueAt: endOfShanghaiDay(t.dueDay!).toISOString() }));
  }
}
