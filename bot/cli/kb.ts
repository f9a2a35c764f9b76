// zwb kb stats | show <doc>[#label] | reload
import type { Command } from "commander";
import type { Config } from "../config.ts";
import { createLogger } from "../logger.ts";
import type { KnowledgeService } from "../../knowledge/service.ts";
import { openKnowledge } from "../root/knowledge.ts";
import { countFacts } from "../../knowledge/facts/index.ts";
import { formatReloadReport } from "../../handlers/admin.ts";
import { afterCliReload } from "./audit.ts";

/** The knowledge base as the bot would load it (lexical only: a CLI look needs no embeddings). */
export async function loadKb(cfg: Config, dir?: string): Promise<KnowledgeService> {
  const { kb, report: r } = await openKnowledge(cfg, createLogger("warn"), { dir, semantic: false });
  if (!r.ok) {
    process.stderr.write(`${formatReloadReport(r)}\n`);
    process.exit(1);
  }
  return kb;
}

export function kbCommands(program: Command, config: () => Config): void {
  const kb = program.command("kb").description("knowledge base");

  kb.command("stats")
    .option("--json", "JSON output")
    .action(async (opts: { json?: boolean }) => {
      const cur = (await loadKb(config())).current();
      const docs = cur.docs.map((d) => ({
        id: d.meta.id,
        title: d.meta.title,
        measures: d.measures.length,
        ...countFacts(d.measures),
        withUnits: d.measures.filter((m) => m.facts.units.lead.length).length,
        warnings: d.warnings.length,
      }));
      const out = { version: cur.version, documents: cur.docs.length, measures: cur.measures.length, guides: cur.guides.length, docs };
      if (opts.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      else {
        process.stdout.write(`版本 ${out.version}：文档 ${out.documents} 份，措施 ${out.measures} 条，办事指南 ${out.guides} 条\n`);
        for (const d of docs)
          process.stdout.write(`  ${d.id}  措施 ${d.measures}  时限 ${d.timeLimits}  日期 ${d.deadlines}  周期 ${d.recurring}  目标 ${d.targets}  有责任单位 ${d.withUnits}  提示 ${d.warnings}\n`);
      }
    });

  kb.command("show <ref>")
    .description("a document's measures with their facts: <doc> or <doc>#<label path>")
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
      if (opts.json) process.stdout.write(`${JSON.stringify(label ? ms : { meta: doc.meta, warnings: doc.warnings, measures: ms }, null, 2)}\n`);
      else for (const m of ms) process.stdout.write(`[${m.path.join(" > ")}] ${m.text}\n  ${JSON.stringify(m.facts)}\n`);
    });

  kb.command("reload")
    .description("build the knowledge base from ZWB_KB_DIR (or --dir) and report; exits non-zero when rejected")
    .option("--dir <dir>", "folder of documents and guides")
    .option("--json", "JSON output")
    .action(async (opts: { dir?: string; json?: boolean }) => {
      const cfg = config();
      const dir = opts.dir ?? cfg.ZWB_KB_DIR;
      const { report: r } = await openKnowledge(cfg, createLogger("warn"), { dir, semantic: false });
      const reached = await afterCliReload(cfg, r, dir);
      process.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `${formatReloadReport(r)}\n`);
      if (reached !== null && !opts.json) process.stdout.write(`已通知运行中的实例（${reached} 个订阅）重新加载。\n`);
      process.exitCode = r.ok ? 0 : 1;
    });
}
