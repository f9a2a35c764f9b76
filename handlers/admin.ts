// Administrator chat commands. Only ids in ZWB_ADMIN_IDS ("channel:userId") may run them;
// a forged command from anyone else is refused and written to the audit log.
import type { AppFeature, AppMiddleware } from "./deps.ts";
import { textReply } from "../core/message.ts";
import type { ReloadReport } from "../knowledge/service.ts";
import { isAdmin } from "../core/ids.ts";

const RELOAD = /^\s*(\/reload|重新加载知识库|重载知识库|刷新知识库)\s*$/i;
const KB_STATUS = /^\s*(\/kb|知识库状态)\s*$/i;


export function formatReloadReport(r: ReloadReport): string {
  if (!r.ok) {
    const errs = r.errors.slice(0, 10).map((e) => `- ${e.file}${e.line ? ` 第${e.line}行` : ""}${e.field ? ` 字段 ${e.field}` : ""}：${e.message}`);
    return [`知识库重新加载失败，继续使用原版本 ${r.previousVersion ?? "（无）"}。`, ...errs].join("\n");
  }
  const f = r.facts;
  return [
    `知识库已更新：版本 ${r.previousVersion ?? "（无）"} → ${r.version}（用时 ${r.durationMs} 毫秒）`,
    `文档 ${r.documents} 份，措施 ${r.measures} 条，办事指南 ${r.guides} 条；新增 ${r.added.length}，删除 ${r.removed.length}，修改 ${r.changed.length}。`,
    `抽取事实：时限 ${f.timeLimits}，日期 ${f.deadlines}，周期 ${f.recurring}，单位 ${f.units}，目标 ${f.targets}，材料/条件 ${f.requirements}。`,
    ...(r.warnings.length ? [`提示 ${r.warnings.length} 条：`, ...r.warnings.slice(0, 5).map((w) => `- ${w}`)] : []),
  ].join("\n");
}

export const adminCommands = (): AppMiddleware => async (ctx, next) => {
  const t = ctx.msg.text;
  const isReload = RELOAD.test(t);
  if (!isReload && !KB_STATUS.test(t)) return next();
  const { settings, log, kb } = ctx.deps;
  const who = `${ctx.msg.channel}:${ctx.msg.userId}`;
  const action = isReload ? "kb.reload" : "kb.status";
  if (!isAdmin(settings.adminIds, ctx.msg.channel, ctx.msg.userId)) {
    log.warn({ audit: true, actor: who, action, allowed: false }, "admin command refused");
    await ctx.deps.audit.record({ actor: who, channel: ctx.msg.channel, action, allowed: false, detail: { text: t.slice(0, 100), groupId: ctx.msg.groupId } });
    ctx.reply = textReply("command", "抱歉，该指令仅限管理员使用。您的请求已记录。");
    return;
  }
  if (!isReload) {
    const cur = kb.current();
    await ctx.deps.audit.record({ actor: who, channel: ctx.msg.channel, action, allowed: true, ok: true, detail: { version: cur.version } });
    ctx.reply = textReply("command", `知识库版本 ${cur.version}，文档 ${cur.docs.length} 份，措施 ${cur.measures.length} 条，加载于 ${cur.builtAt}。`);
    return;
  }
  const report = await kb.reload(undefined, { origin: ctx.msg.channel });
  log.info({ audit: true, actor: who, action: "kb.reload", ok: report.ok, version: report.version }, "admin reload");
  await ctx.deps.audit.record({
    actor: who,
    channel: ctx.msg.channel,
    action,
    allowed: true,
    ok: report.ok,
    detail: { version: report.version, previousVersion: report.previousVersion, errors: report.errors.length },
  });
  ctx.reply = textReply("command", formatReloadReport(report));
};

/** Administrators' chat commands: reload the knowledge base, show its version. */
export const adminFeature: AppFeature = (app) => app.use(adminCommands());
