// The admin-editable rule files shown in the console (routing.json, sla.json — the deadlines that
// drive reminders — and directory.json). An edit is checked with the same zod schemas and
// cross-checks that startup uses, before anything is written; a rejection names the zod path.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { z } from "zod";
import {
  DirectorySchema,
  RoutingSchema,
  SlaSchema,
  TicketConfigError,
  validateTicketConfig,
  type TicketConfig,
} from "../../tickets/config.ts";
import { RemindersSchema, type ReminderRules } from "../../reminders/rules.ts";
import { writeFileAtomic } from "../../core/fs.ts";
import { zhErrorMap } from "../../core/zod-zh.ts";
import { ruleFieldLabel, zhRuleMessage } from "./rule-labels.ts";

export const CONFIG_FILES = {
  "routing.json": { key: "routing", title: "投诉分类与责任单位（路由规则）", schema: RoutingSchema },
  "sla.json": { key: "sla", title: "工单办理时限", schema: SlaSchema },
  "directory.json": { key: "directory", title: "办理人员名录", schema: DirectorySchema },
} as const satisfies Record<string, { key: keyof TicketConfig; title: string; schema: z.ZodTypeAny }>;

/** Reminder rules are edited beside the ticket files but validated by their own schema. */
export const REMINDERS_FILE = "reminders.json";
export const REMINDERS_TITLE = "截止提醒规则";

export type ConfigFileName = keyof typeof CONFIG_FILES | typeof REMINDERS_FILE;

export interface ConfigIssue {
  file: string;
  /** zod path joined with ".", "" for the whole file. */
  field: string;
  /** The field as the form names it ("逾期升级天数"); "" for the whole file. */
  label: string;
  /** In Chinese, without the field name. */
  message: string;
}

const issueOf = (file: string, path: (string | number | symbol)[], message: string): ConfigIssue => {
  const p = path.map((x) => (typeof x === "symbol" ? String(x) : x));
  return { file, field: p.map(String).join("."), label: p.length ? ruleFieldLabel(file, p) : "", message: zhRuleMessage(message) };
};

/** A cross-check problem written as "reminders.json kinds.0: …" becomes an issue naming that field. */
const problemIssue = (file: string, problem: string): ConfigIssue => {
  const m = /^\S+\.json ([\w.\u4e00-\u9fff]+): (.*)$/.exec(problem);
  if (!m) return { file, field: "", label: "", message: problem };
  const path = m[1].split(".").map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  return { file, field: m[1], label: ruleFieldLabel(file, path), message: m[2] };
};

export function isConfigFile(name: string): name is ConfigFileName {
  return Object.hasOwn(CONFIG_FILES, name) || name === REMINDERS_FILE;
}

export type ReminderCheck = { ok: true; rules: ReminderRules } | { ok: false; issues: ConfigIssue[] };

export function checkReminderEdit(content: string): ReminderCheck {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (e) {
    return { ok: false, issues: [{ file: REMINDERS_FILE, field: "", label: "", message: `不是合法的 JSON：${(e as Error).message}` }] };
  }
  const r = RemindersSchema.safeParse(json, { error: zhErrorMap });
  if (r.success) return { ok: true, rules: r.data };
  return { ok: false, issues: r.error.issues.map((i) => issueOf(REMINDERS_FILE, i.path, i.message)) };
}

/** Problems of reminder rules against the directory and SLA (Chinese already), as issues naming the field. */
export function reminderProblemIssues(problems: string[]): ConfigIssue[] {
  return problems.map((p) => problemIssue(REMINDERS_FILE, p));
}

export async function readConfigFiles(configDir: string): Promise<{ name: ConfigFileName; title: string; content: string }[]> {
  const names = [...(Object.keys(CONFIG_FILES) as (keyof typeof CONFIG_FILES)[]), REMINDERS_FILE] as ConfigFileName[];
  return Promise.all(
    names.map(async (name) => ({
      name,
      title: name === REMINDERS_FILE ? REMINDERS_TITLE : CONFIG_FILES[name as keyof typeof CONFIG_FILES].title,
      content: await readFile(join(configDir, name), "utf8").catch(() => ""),
    })),
  );
}

export type ConfigCheck = { ok: true; config: TicketConfig } | { ok: false; issues: ConfigIssue[] };

/** Validates `content` as the new `name`, cross-checked against the other files as they are on disk. */
export async function checkConfigEdit(configDir: string, name: keyof typeof CONFIG_FILES, content: string): Promise<ConfigCheck> {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (e) {
    return { ok: false, issues: [{ file: name, field: "", label: "", message: `不是合法的 JSON：${(e as Error).message}` }] };
  }
  const parsed: Partial<TicketConfig> = {};
  const issues: ConfigIssue[] = [];
  for (const other of Object.keys(CONFIG_FILES) as (keyof typeof CONFIG_FILES)[]) {
    const { key, schema } = CONFIG_FILES[other];
    let data: unknown = json;
    if (other !== name) {
      try {
        data = JSON.parse(await readFile(join(configDir, other), "utf8"));
      } catch (e) {
        issues.push({ file: other, field: "", label: "", message: `无法读取：${(e as Error).message}` });
        continue;
      }
    }
    const r = schema.safeParse(data, { error: zhErrorMap });
    if (r.success) (parsed as Record<string, unknown>)[key] = r.data;
    else for (const i of r.error.issues) issues.push(issueOf(other, i.path, i.message));
  }
  if (issues.length) return { ok: false, issues };
  const config = parsed as TicketConfig;
  try {
    validateTicketConfig(config.routing, config.directory, config.sla);
  } catch (e) {
    if (!(e instanceof TicketConfigError)) throw e;
    const lines = e.message.split("\n").slice(1).map((l) => l.trim()).filter(Boolean);
    return { ok: false, issues: lines.map((message) => ({ file: name, field: "", label: "", message })) };
  }
  return { ok: true, config };
}

/** Writes beside and renames, so a crash mid-write never leaves a truncated rule file. */
export async function saveConfigFile(configDir: string, name: ConfigFileName, content: string): Promise<void> {
  await writeFileAtomic(join(configDir, name), content.endsWith("\n") ? content : `${content}\n`);
}
