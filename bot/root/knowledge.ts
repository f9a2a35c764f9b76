// The knowledge side for the composition root: the knowledge service (with semantic search when an
// embeddings model is configured) and the optional LLM. LLM libraries are imported only when a key
// is set, so a bot without one does not carry them in memory.
import { resolve } from "node:path";
import type { Logger } from "../../core/log.ts";
import type { Config } from "../config.ts";
import { KnowledgeService, type ReloadReport } from "../../knowledge/service.ts";
import type { Llm } from "../../knowledge/answer/llm.ts";
import { loadCuratedSet } from "../../insights/curated/load.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { LanguageRuntime, loadThesaurus } from "../../language/index.ts";

/**
 * Builds the service and loads ZWB_KB_DIR (or `dir`) the start-up way: a broken file is skipped and
 * reported, the rest serves; nothing buildable serves the last good snapshot from ZWB_DATA_DIR.
 * `strict` loads as a reload does instead (every broken file rejects the version), for `kb reload`.
 */
export async function openKnowledge(config: Config, log: Logger, o: { dir?: string; semantic?: boolean; strict?: boolean } = {}): Promise<{ kb: KnowledgeService; report: ReloadReport }> {
  const semantic = o.semantic !== false && config.OPENAI_API_KEY && config.ZWB_EMBEDDING_MODEL;
  const embeddings = semantic
    ? (await import("../../knowledge/search/embeddings.ts")).createEmbeddings({
        apiKey: config.OPENAI_API_KEY!,
        baseURL: config.OPENAI_BASE_URL,
        model: config.ZWB_EMBEDDING_MODEL!,
        timeoutMs: config.ZWB_LLM_TIMEOUT_MS,
      })
    : null;
  const kb = new KnowledgeService(o.dir ?? config.ZWB_KB_DIR, log, {
    embeddings,
    embeddingsCacheFile: resolve(config.ZWB_DATA_DIR, "embeddings.json"),
    snapshotFile: resolve(config.ZWB_DATA_DIR, "kb-snapshot.json"),
    // Administrators' curated phrasings, thesaurus entries and answers, versioned with the documents.
    curated: loadCuratedSet,
  });
  return { kb, report: o.strict ? await kb.reload() : await kb.start() };
}

/** The service for a running bot: never fails on documents (see openKnowledge); problems are logged. */
export async function openServingKnowledge(config: Config, log: Logger): Promise<KnowledgeService> {
  const { kb, report } = await openKnowledge(config, log);
  const { source, problems } = kb.status();
  if (problems.length)
    log.warn(
      { source, problems: problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ""} ${p.message}`) },
      `知识库有 ${problems.length} 个文件未能加载，已跳过（见 /healthz 与 zwb kb stats）`,
    );
  if (!report.ok && source === "empty") log.error("知识库为空：没有可加载的文档，也没有上次成功的快照；所有政策问题将被婉拒");
  return kb;
}

/** null when OPENAI_API_KEY is unset: the bot then answers extractively only. */
export async function openLlm(config: Config, log: Logger): Promise<Llm | null> {
  if (!config.OPENAI_API_KEY) {
    log.info("OPENAI_API_KEY unset: answers are extractive only");
    return null;
  }
  const { createChatLlm } = await import("../../knowledge/answer/chat-model.ts");
  return createChatLlm({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, model: config.ZWB_LLM_MODEL, timeoutMs: config.ZWB_LLM_TIMEOUT_MS }, log);
}

/**
 * The language layer with the administrator's thesaurus (ZWB_CONFIG_DIR/thesaurus.json, else the
 * shipped one). It is read again with every knowledge-base reload; a broken edit is logged and the
 * thesaurus in force keeps serving.
 */
export async function openLanguage(config: Config, kb: KnowledgeService, log: Logger): Promise<LanguageRuntime> {
  const file = join(config.ZWB_CONFIG_DIR, "thesaurus.json");
  // At start-up a broken thesaurus stops the bot (like every other rule file); later, on reload, the
  // thesaurus in force keeps serving.
  const runtime = new LanguageRuntime(existsSync(file) ? await loadThesaurus(file) : undefined);
  const read = async () => {
    if (!existsSync(file)) return;
    try {
      runtime.setThesaurus(await loadThesaurus(file));
    } catch (err) {
      log.warn({ err: (err as Error).message }, "thesaurus rejected; the previous one keeps serving");
    }
  };
  kb.onReload((report) => {
    if (report.ok) void read();
  });
  return runtime;
}
