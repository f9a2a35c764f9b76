// The admin-editable reminder rules (config/reminders.json), validated at startup: a typo fails with
// the file and the field path named, instead of officers silently getting no reminders.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24h)");

const BeforeStep = z.strictObject({
  /** Working days before the due day (the due day itself does not count). */
  workdays: z.number().int().min(1).max(60),
  at: HHMM.default("09:00"),
});

export const RemindersSchema = z
  .strictObject({
    $comment: z.string().optional(),
    timezone: z.literal("Asia/Shanghai").default("Asia/Shanghai"),
    /** Pushes go out only inside these hours of working days; a step due outside waits for the next slot. */
    workingHours: z.strictObject({ start: HHMM.default("09:00"), end: HHMM.default("18:00") }).default({ start: "09:00", end: "18:00" }),
    before: z.array(BeforeStep).default([{ workdays: 3, at: "09:00" }, { workdays: 1, at: "09:00" }]),
    dueDay: z.strictObject({ enabled: z.boolean().default(true), at: HHMM.default("09:00") }).default({ enabled: true, at: "09:00" }),
    overdue: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** 1 = every working day once overdue. */
        everyWorkdays: z.number().int().min(1).max(30).default(1),
        at: HHMM.default("09:00"),
        /** From this many working days overdue the reminder also goes to the unit's leaders and the supervising office. */
        escalateAfterWorkdays: z.number().int().min(1).max(60).default(3),
      })
      .default({ enabled: true, everyWorkdays: 1, at: "09:00", escalateAfterWorkdays: 3 }),
    /** Ticket clock kinds that get reminders (names from sla.json); omitted = all. */
    kinds: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).optional(),
    retry: z
      .strictObject({
        maxAttempts: z.number().int().min(1).max(20).default(5),
        baseDelaySeconds: z.number().int().min(1).default(60),
        maxDelaySeconds: z.number().int().min(1).default(3600),
      })
      .default({ maxAttempts: 5, baseDelaySeconds: 60, maxDelaySeconds: 3600 }),
    scheduler: z
      .strictObject({
        intervalSeconds: z.number().int().min(1).max(3600).default(60),
        /** A claimed send not confirmed within this time is free to claim again (the claimer crashed). */
        leaseSeconds: z.number().int().min(5).default(120),
        /** Bounds one pass; the loop runs the next pass at once when the cap was hit. */
        maxSendsPerPass: z.number().int().min(1).default(2000),
      })
      .default({ intervalSeconds: 60, leaseSeconds: 120, maxSendsPerPass: 2000 }),
    tasks: z
      .strictObject({
        /** Unit names as the policies write them → units of directory.json. */
        $comment: z.string().optional(),
        unitAliases: z.record(z.string(), z.string().min(1)).default({}),
        /** Who gets a task whose lead unit is missing or unknown; default: the supervising unit. */
        defaultUnit: z.string().min(1).optional(),
      })
      .default({ unitAliases: {} }),
    /** The weekly report's short summary, pushed on the first working day of each week (营商办's leaders by default). */
    weeklyReport: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** 1 = Monday … 7 = Sunday; a non-working day moves it to the next working day. */
        weekday: z.number().int().min(1).max(7).default(1),
        at: HHMM.default("09:00"),
        /** Units whose people get it; omitted = the supervising unit (directory.json supervisingUnit). */
        units: z.array(z.string().min(1)).optional(),
        roles: z.array(z.enum(["leader", "officer"])).min(1).default(["leader"]),
      })
      .default({ enabled: true, weekday: 1, at: "09:00", roles: ["leader"] }),
  })
  .superRefine((r, ctx) => {
    if (r.workingHours.start >= r.workingHours.end) ctx.addIssue({ code: "custom", path: ["workingHours", "end"], message: "must be after workingHours.start" });
    const seen = new Set<number>();
    r.before.forEach((b, i) => {
      if (seen.has(b.workdays)) ctx.addIssue({ code: "custom", path: ["before", i, "workdays"], message: `duplicate lead time ${b.workdays}` });
      seen.add(b.workdays);
    });
  });

export type ReminderRules = z.infer<typeof RemindersSchema>;

export class RemindersConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RemindersConfigError";
  }
}

export function parseReminderRules(raw: unknown, file = "reminders.json"): ReminderRules {
  const r = RemindersSchema.safeParse(raw ?? {});
  if (!r.success) throw new RemindersConfigError(`${file} 配置无效:\n${r.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n")}`);
  return r.data;
}

/** config/reminders.json; a missing file means the documented defaults. */
export function loadReminderRules(configDir: string): ReminderRules {
  const file = join(configDir, "reminders.json");
  if (!existsSync(file)) return parseReminderRules({}, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new RemindersConfigError(`${file}: 无法读取或不是合法 JSON (${(e as Error).message})`);
  }
  return parseReminderRules(raw, file);
}

export function maxLeadWorkdays(r: ReminderRules): number {
  return Math.max(0, ...r.before.map((b) => b.workdays));
}

/** Cross-check against the directory: unit names the tasks would be handed to must exist. */
export function validateRulesAgainst(r: ReminderRules, units: string[], kinds: string[]): string[] {
  const problems: string[] = [];
  for (const [alias, unit] of Object.entries(r.tasks.unitAliases)) if (!units.includes(unit)) problems.push(`reminders.json tasks.unitAliases.${alias}: 单位「${unit}」不在 directory.json 中`);
  if (r.tasks.defaultUnit && !units.includes(r.tasks.defaultUnit)) problems.push(`reminders.json tasks.defaultUnit: 单位「${r.tasks.defaultUnit}」不在 directory.json 中`);
  (r.weeklyReport.units ?? []).forEach((u, i) => {
    if (!units.includes(u)) problems.push(`reminders.json weeklyReport.units.${i}: 单位「${u}」不在 directory.json 中`);
  });
  (r.kinds ?? []).forEach((k, i) => {
    if (!kinds.includes(k)) problems.push(`reminders.json kinds.${i}: 时限「${k}」未在 sla.json 中定义`);
  });
  return problems;
}
