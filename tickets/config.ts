// The admin-editable ticket files (config/routing.json, sla.json, directory.json), validated at load:
// a typo fails startup with the file and field named instead of misrouting complaints later.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CHANNELS, type Address } from "../core/message.ts";

export const RoutingSchema = z.object({
  defaultUnit: z.string().min(1),
  categories: z.record(z.string(), z.string().min(1)).default({}),
  keywords: z.array(z.object({ match: z.array(z.string().min(1)).min(1), unit: z.string().min(1) })).default([]),
});
export type RoutingConfig = z.infer<typeof RoutingSchema>;

const Officer = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  channel: z.enum(CHANNELS),
  userId: z.string().min(1),
  role: z.enum(["officer", "leader"]),
});
export type Officer = z.infer<typeof Officer>;

export const DirectorySchema = z.object({
  supervisingUnit: z.string().min(1),
  units: z.record(z.string(), z.array(Officer)),
});
export type DirectoryConfig = z.infer<typeof DirectorySchema>;

const SlaDeadline = z
  .object({
    kind: z.string().regex(/^[a-z][a-z0-9_]*$/),
    label: z.string().min(1),
    workdays: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
    from: z.enum(["created", "replied", "resolved"]),
    stopsOn: z.enum(["accept", "reply", "resolve", "followup"]),
    rule: z.string().min(1),
  })
  .refine((d) => (d.workdays === undefined) !== (d.months === undefined), { message: "give exactly one of workdays or months" });
export const SlaSchema = z.object({
  deadlines: z.array(SlaDeadline).min(1),
  reopen: z.object({ kinds: z.array(z.string()).default(["reply", "resolve"]) }).default({ kinds: ["reply", "resolve"] }),
});
export type SlaConfig = z.infer<typeof SlaSchema>;

export class TicketConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TicketConfigError";
  }
}

function parseFile<T>(file: string, schema: z.ZodType<T>, raw?: unknown): T {
  let data = raw;
  if (data === undefined) {
    try {
      data = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new TicketConfigError(`${file}: 无法读取或不是合法 JSON (${(e as Error).message})`);
    }
  }
  const r = schema.safeParse(data);
  if (!r.success) throw new TicketConfigError(`${file} 配置无效:\n${r.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n")}`);
  return r.data;
}

/** Every unit a complaint can be routed to must have someone to receive it. */
export function validateTicketConfig(routing: RoutingConfig, directory: DirectoryConfig, sla: SlaConfig): void {
  const problems: string[] = [];
  const staffed = (u: string) => (directory.units[u]?.length ?? 0) > 0;
  const routed = new Set([routing.defaultUnit, ...Object.values(routing.categories), ...routing.keywords.map((k) => k.unit)]);
  for (const u of routed) if (!staffed(u)) problems.push(`routing.json 指向的单位「${u}」在 directory.json 中没有办理人员`);
  if (!staffed(directory.supervisingUnit)) problems.push(`督办单位「${directory.supervisingUnit}」在 directory.json 中没有人员`);
  const seen = new Map<string, string>();
  for (const [unit, officers] of Object.entries(directory.units))
    for (const o of officers) {
      const key = `${o.channel}:${o.userId}`;
      if (seen.has(key) && seen.get(key) !== unit) problems.push(`人员 ${key} 同时属于「${seen.get(key)}」和「${unit}」`);
      seen.set(key, unit);
    }
  const kinds = sla.deadlines.map((d) => d.kind);
  if (new Set(kinds).size !== kinds.length) problems.push("sla.json: deadlines 的 kind 有重复");
  for (const k of sla.reopen.kinds) if (!kinds.includes(k)) problems.push(`sla.json: reopen.kinds 中的「${k}」未定义`);
  if (problems.length) throw new TicketConfigError(`工单配置校验失败:\n  ${problems.join("\n  ")}`);
}

export interface TicketConfig {
  routing: RoutingConfig;
  sla: SlaConfig;
  directory: DirectoryConfig;
}

/** Loads and cross-checks config/routing.json, sla.json and directory.json from a config folder. */
export function loadTicketConfig(configDir: string): TicketConfig {
  const routing = parseFile(join(configDir, "routing.json"), RoutingSchema);
  const sla = parseFile(join(configDir, "sla.json"), SlaSchema);
  const directory = parseFile(join(configDir, "directory.json"), DirectorySchema);
  validateTicketConfig(routing, directory, sla);
  return { routing, sla, directory };
}

export function parseTicketConfig(raw: { routing: unknown; sla: unknown; directory: unknown }): TicketConfig {
  const routing = parseFile("routing.json", RoutingSchema, raw.routing);
  const sla = parseFile("sla.json", SlaSchema, raw.sla);
  const directory = parseFile("directory.json", DirectorySchema, raw.directory);
  validateTicketConfig(routing, directory, sla);
  return { routing, sla, directory };
}

/** Who works a unit's tickets: its officers, or everyone listed when it names no officer. */
export function unitOfficers(directory: DirectoryConfig, unit: string): Address[] {
  const members = directory.units[unit] ?? [];
  const officers = members.filter((o) => o.role === "officer");
  return (officers.length ? officers : members).map((o) => ({ channel: o.channel, userId: o.userId }));
}
