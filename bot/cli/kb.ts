// zwb kb stats | show <doc>[#label] | reload
import type { Command } from "commander";
import type { Config } from "../config.ts";
import { createLogger } from "../logger.ts";
import type { KnowledgeService } from "../../knowledge/service.ts";
import { openKnowledge } from "../root/knowledge.ts";
import { countFacts } from "../../knowledge/facts/index.ts";
import { describeDocument, describeMeasure, documentReport } from "../../knowledge/facts/describe.ts";
import { formatReloadReport } from "../../handlers/admin.ts";
import { afterCliReload } from "./audit.ts";

const where = (p: { file: string; line?: number; field?: string; message: string }) => `${p.file}${p.line ? ` 第${p.line}行` : ""}${p.field ? ` 字段 ${p.field}` : ""}：${p.message}`;

/**
 * The knowledge base as the bot would serve it (lexical only: a CLI look needs no embeddings). Like
 * the bot it comes up despite a broken file, and says on stderr which files were left out.
 */
export async function loadKb(cfg: Config, dir?: string): Promise<KnowledgeService> {
  const { kb } = await openKnowledge(cfg, createLogger("error"), { dir, semantic: false });
  const st = kb.status();
  if (st.problems.length) {
    const how = st.source === "snapshot" ? "，改用上次成功的快照" : st.source === "empty" ? "，知识库为空" : "，其余文档照常使用";
    process.stderr.write(`注意：${st.problems.length} 个文件未能加载${how}：\n${st.problems.map((p) => `- ${where(p)}`).join("\n")}\n`);
  }
  return kb;
}

export function kbCommands(program: Command, config: () => Config): void {
  const kb = program.command("kb").description("knowledge base");

  kb.command("stats")
    .option("--json", "JSON output")
    .action(async (opts: { json?: boolean }) => {
      const service = await loadKb(config());
      const cur = service.current();
      const st = service.status();
      const docs = cur.docs.map((d) => ({
        ...documentReport(d),
        ...countFacts(d.measures),
        withUnits: d.measures.filter((m) => m.facts.units.lead.length).length,
        warnings: d.warnings.length,
      }));
      const out = { version: cur.version, source: st.source, documents: cur.docs.length, measures: cur.measures.length, guides: cur.guides.length, problems: st.problems, docs };
      if (opts.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      else {
        const src = st.source === "snapshot" ? "（上次成功的快照）" : st.source === "partial" ? "（部分文件未加载）" : st.source === "empty" ? "（空）" : "";
        process.stdout.write(`版本 ${out.version}${src}：文档 ${out.documents} 份，措施 ${out.measures} 条，办事指南 ${out.guides} 条\n`);
        for (const d of docs)
          process.stdout.write(
            `  ${d.id}  《${d.title}》 ${d.region ?? "地区未识别"}  措施 ${d.measures}  表格 ${d.tables}  时限 ${d.timeLimits}  日期 ${d.deadlines}  周期 ${d.recurring}  目标 ${d.targets}  有责任单位 ${d.withUnits}  提示 ${d.warnings}\n`,
          );
        if (st.problems.length) process.stdout.write(`未能加载的文件 ${st.problems.length} 个：\n${st.problems.map((p) => `  - ${where(p)}`).join("\n")}\n`);
      }
    });

  kb.command("show <ref>")
    .description("a document's measures with their facts, as the bot understood them: <doc> or <doc>#<label path>")
    .option("--json", "JSON output")
    .action(async (ref: string, opts: { json?: boolean }) => {
      const cur = (await loadKb(config())).current();
      const [docId, label] = ref.split("#");
      const doc = cur.docs.find((d) => d.meta.id === docId);
      if (!doc) {
        process.stderr.write(`没有文档 ${docId}；可用：${cur.docs.map((d) => d.meta.id).join(", ")}\n`);
        process.exit(1);
      }
      const ms = label
        ? doc.measures.filter((m) => m.id === ref || m.label === label || m.path.join(">") === label || m.path.at(-1) === label)
        : doc.measures;
      if (label && !ms.length) {
        process.stderr.write(`文档 ${docId} 中没有条目 ${label}\n`);
        process.exit(1);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(label ? ms : { meta: doc.meta, warnings: doc.warnings, tables: doc.tables ?? [], measures: ms }, null, 2)}\n`);
      else process.stdout.write(`${label ? ms.map(describeMeasure).join("\n") : describeDocument(doc)}\n`);
    });

  kb.command("reload")
    .description("build the knowledge base from ZWB_KB_DIR (or --dir) and report; exits non-zero when rejected")
    .option("--dir <dir>", "folder of documents and guides")
    .option("--json", "JSON output")
    .action(async (opts: { dir?: string; json?: boolean }) => {
      const cfg = config();
      const dir = opts.dir ?? cfg.ZWB_KB_DIR;
      const { report: r } = await openKnowledge(cfg, createLogger("error"), { dir, semantic: false, strict: true });
      const reached = await afterCliReload(cfg, r, dir);
      process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatReloadReport(r)}\n`);
      if (reached !== null && !opts.json) process.stdout.write(`已通知运行中的实例（${reached} 个订阅）重新加载。\n`);
      process.exitCode = r.ok ? 0 : 1;
    });
}
