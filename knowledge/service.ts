// The serving knowledge base and its safe reload: a new version is built beside the serving one,
// validated, and swapped in one assignment. A question captures one version for its whole answer.
import { createHash } from "node:crypto";
import type { Logger } from "../core/log.ts";
import type { Measure, ParsedDocument } from "./types.ts";
import { loadKnowledgeDir, type LoadError } from "./load.ts";
import { countFacts, type FactCounts } from "./facts/index.ts";
import { LexicalIndex } from "./search/index.ts";
import type { VectorIndex } from "./search/vectors.ts";
import type { Guide } from "./guides/schema.ts";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Understanding } from "../core/understanding.ts";
import { Language, understand } from "../language/index.ts";
import { answerFromMeasure, askKnowledge, type AskResult } from "./ask.ts";


export interface KnowledgeBase {
  version: string;
  builtAt: string;
  dir: string;
  docs: ParsedDocument[];
  measures: Measure[];
  guides: Guide[];
  index: LexicalIndex;
  /** Present when an embeddings endpoint is configured and reachable at build time. */
  vectors: VectorIndex | null;
  warnings: string[];
}

export interface KnowledgeServiceOptions {
  embeddings?: EmbeddingsInterface | null;
  /** Where embeddings are cached so a restart does not re-embed. */
  embeddingsCacheFile?: string;
}

export interface ReloadReport {
  ok: boolean;
  version: string;
  previousVersion: string | null;
  documents: number;
  measures: number;
  guides: number;
  added: string[];
  removed: string[];
  changed: string[];
  facts: FactCounts;
  warnings: string[];
  errors: LoadError[];
  durationMs: number;
}

export type { AskResult };

/** Told after every reload attempt; `origin` says who asked (e.g. "sync" for a cluster broadcast). */
export type ReloadListener = (report: ReloadReport, origin: string) => void;

export class KnowledgeService {
  private kb: KnowledgeBase | null = null;
  private reloading: Promise<ReloadReport> | null = null;
  private listeners: ReloadListener[] = [];

  constructor(
    private dir: string,
    private readonly log: Logger,
    private readonly opts: KnowledgeServiceOptions = {},
  ) {}

  current(): KnowledgeBase {
    if (!this.kb) throw new Error("knowledge base not loaded");
    return this.kb;
  }

  get version(): string | null {
    return this.kb?.version ?? null;
  }

  /** The folder the serving version was (or will be) loaded from. */
  get directory(): string {
    return this.dir;
  }

  /** Returns an unsubscribe function. A throwing listener is logged, never fails the reload. */
  onReload(listener: ReloadListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Builds and swaps in a new version; on any error the serving version stays. Reloads are serialized. */
  async reload(dir: string = this.dir, opts: { origin?: string } = {}): Promise<ReloadReport> {
    const report = await this.serialized(() => this.build(dir, true));
    for (const l of this.listeners) {
      try {
        l(report, opts.origin ?? "local");
      } catch (err) {
        this.log.warn({ err }, "reload listener failed");
      }
    }
    return report;
  }

  /** Loads and checks a folder exactly as reload would, without swapping anything in. */
  validate(dir: string): Promise<ReloadReport> {
    return this.serialized(() => this.build(dir, false));
  }

  private async serialized(job: () => Promise<ReloadReport>): Promise<ReloadReport> {
    const prev = this.reloading ?? Promise.resolve(null);
    const run = prev.catch(() => null).then(job);
    this.reloading = run;
    try {
      return await run;
    } finally {
      if (this.reloading === run) this.reloading = null;
    }
  }

  private async build(dir: string, swap: boolean): Promise<ReloadReport> {
    const started = performance.now();
    const old = this.kb;
    const loaded = await loadKnowledgeDir(dir);
    const measures = loaded.docs.flatMap((d) => d.measures);
    const errors: LoadError[] = [...loaded.errors];
    if (!errors.length && measures.length === 0) errors.push({ file: dir, message: "知识库目录中没有可用的文档（0 条措施）" });
    const version = versionOf(loaded.docs, loaded.guides);
    const warnings = [...loaded.warnings, ...loaded.docs.flatMap((d) => d.warnings.map((w) => `${d.meta.id}: ${w}`))];
    const report: ReloadReport = {
      ok: errors.length === 0,
      version: errors.length ? (old?.version ?? "") : version,
      previousVersion: old?.version ?? null,
      documents: loaded.docs.length,
      measures: measures.length,
      guides: loaded.guides.length,
      ...diff(old?.measures ?? [], measures),
      facts: countFacts(measures),
      warnings,
      errors,
      durationMs: 0,
    };
    if (report.ok && !swap) report.version = version;
    else if (report.ok) {
      const kb: KnowledgeBase = {
        version,
        builtAt: new Date().toISOString(),
        dir,
        docs: loaded.docs,
        measures,
        guides: loaded.guides,
        index: LexicalIndex.build(measures, undefined, loaded.docs.map((d) => d.meta)),
        vectors: await this.buildVectors(measures),
        warnings,
      };
      this.kb = kb;
      this.dir = dir;
      this.log.info({ version, documents: kb.docs.length, measures: measures.length }, "knowledge base loaded");
    } else {
      this.log.warn({ errors: errors.length, serving: old?.version ?? null }, "knowledge base reload rejected");
    }
    report.durationMs = Math.round(performance.now() - started);
    return report;
  }

  private async buildVectors(measures: Measure[]): Promise<VectorIndex | null> {
    const { embeddings, embeddingsCacheFile } = this.opts;
    if (!embeddings || !embeddingsCacheFile) return null;
    try {
      const items = measures.map((m) => ({ id: m.id, text: `${m.path.slice(0, -1).join(" ")} ${m.text}` }));
      // Loaded here, not at the top: without embeddings the vector store library is never loaded.
      const { VectorIndex } = await import("./search/vectors.ts");
      return await VectorIndex.build(items, { embeddings, cacheFile: embeddingsCacheFile, log: this.log });
    } catch (err) {
      // Lexical search alone still answers; a flaky embeddings endpoint must not block a reload.
      this.log.warn({ err }, "vector index unavailable; serving lexical search only");
      return null;
    }
  }

  /** The lead units of the measure closest to a text (a complaint), when one is close enough to trust. */
  closestUnits(text: string): string | undefined {
    const kb = this.kb;
    if (!kb) return undefined;
    const r = kb.index.search(text, { k: 1 });
    const m = r.hits[0]?.measure;
    if (!m || r.coverage < 0.5 || !m.facts.units.lead.length) return undefined;
    return `责任单位:${m.facts.units.lead.join("、")}`;
  }

  /**
   * Answers from one captured version; never mixes versions mid-answer. Takes the pipeline's
   * understanding of the message, or a bare question (read here with the shipped thesaurus).
   */
  async ask(question: string | Understanding): Promise<AskResult> {
    const kb = this.current();
    const u = typeof question === "string" ? understand(question, null, new Language(undefined, kb.index.vocabulary)) : question;
    return askKnowledge(kb, u, this.log);
  }

  /** The answer from one measure of the serving version (a suggestion picked by number), or null. */
  answerMeasure(measureId: string, u: Understanding): AskResult | null {
    return answerFromMeasure(this.current(), measureId, u);
  }
}

/** Everything an answer can show: measures, document metadata and the service guides. */
function versionOf(docs: ParsedDocument[], guides: Guide[] = []): string {
  const h = createHash("sha256");
  for (const g of [...guides].sort((a, b) => a.id.localeCompare(b.id))) h.update(`\u0002${JSON.stringify(g)}`);
  for (const d of [...docs].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    h.update(JSON.stringify(d.meta));
    for (const m of d.measures) h.update(`\u0000${m.id}\u0001${m.text}`);
  }
  return h.digest("hex").slice(0, 12);
}

function diff(before: Measure[], after: Measure[]): { added: string[]; removed: string[]; changed: string[] } {
  const a = new Map(before.map((m) => [m.id, m.text]));
  const b = new Map(after.map((m) => [m.id, m.text]));
  return {
    added: [...b.keys()].filter((k) => !a.has(k)),
    removed: [...a.keys()].filter((k) => !b.has(k)),
    changed: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)),
  };
}

