// The serving knowledge base and its safe reload: a new version is built beside the serving one,
// validated, and swapped in one assignment. A question captures one version for its whole answer.
import { createHash } from "node:crypto";
import type { Logger } from "../core/log.ts";
import type { Measure, ParsedDocument } from "./types.ts";
import { loadKnowledgeDir, type LoadError } from "./load.ts";
import { countFacts, type FactCounts } from "./facts/index.ts";
import { documentReport, type DocumentReport } from "./facts/describe.ts";
import { readSnapshot, writeSnapshot } from "./snapshot.ts";
import { LexicalIndex } from "./search/index.ts";
import type { VectorIndex } from "./search/vectors.ts";
import type { Guide } from "./guides/schema.ts";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Understanding } from "../core/understanding.ts";
import { Language, understand } from "../language/index.ts";
import { answerFromMeasure, askKnowledge, type AskResult } from "./ask.ts";
import { NO_CURATED, type CuratedLoader, type CuratedSet } from "./curated.ts";


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
  /** How this version came to serve: every file loaded, some skipped at start-up, the persisted snapshot, or nothing. */
  source: KbSource;
  /** Files left out of this version (start-up only: a reload with a broken file is rejected instead). */
  skipped: LoadError[];
  /** ZWB_KB_DIR/faq/: phrasings indexed with their measures, curated answers. */
  curated: CuratedSet;
}

export type KbSource = "built" | "partial" | "snapshot" | "empty";

/** What `/healthz`, `kb stats` and the console say about the serving version. */
export interface KbStatus {
  version: string | null;
  source: KbSource | null;
  builtAt: string | null;
  documents: number;
  measures: number;
  /** Files that could not be loaded, by name and reason. */
  problems: LoadError[];
}

export interface KnowledgeServiceOptions {
  embeddings?: EmbeddingsInterface | null;
  /** Where embeddings are cached so a restart does not re-embed. */
  embeddingsCacheFile?: string;
  /** Where the last good version is persisted (ZWB_DATA_DIR/kb-snapshot.json), served when nothing can be built. */
  snapshotFile?: string;
  /** Reads ZWB_KB_DIR/faq/ against the measures just loaded. */
  curated?: CuratedLoader;
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
  /** Per document: measures, tables, facts by kind, warnings — what was understood. */
  perDocument: DocumentReport[];
  warnings: string[];
  errors: LoadError[];
  /** At start-up: files left out while the rest serves. */
  skipped: LoadError[];
  source?: KbSource;
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

  status(): KbStatus {
    const kb = this.kb;
    return {
      version: kb?.version ?? null,
      source: kb?.source ?? null,
      builtAt: kb?.builtAt ?? null,
      documents: kb?.docs.length ?? 0,
      measures: kb?.measures.length ?? 0,
      problems: kb?.skipped ?? [],
    };
  }

  /**
   * The first load, which never fails: a file that cannot be read is skipped and reported while the
   * rest serves; when nothing at all can be built the last good snapshot serves, and without one an
   * empty knowledge base (every question is then declined) — the bot is up either way.
   */
  async start(dir: string = this.dir): Promise<ReloadReport> {
    const report = await this.serialized(() => this.build(dir, true, true));
    if (!this.kb) {
      const snap = this.opts.snapshotFile ? await readSnapshot(this.opts.snapshotFile, this.log) : null;
      const skipped = [...report.skipped, ...report.errors.filter((e) => e.file !== dir)];
      if (!skipped.length) skipped.push(...report.errors);
      if (snap) {
        this.kb = this.assemble(snap.version, snap.dir, snap.docs, snap.guides, snap.warnings, "snapshot", skipped, null, NO_CURATED, snap.builtAt);
        this.log.error({ problems: skipped, version: snap.version, builtAt: snap.builtAt }, "knowledge base could not be built: serving the last good snapshot");
      } else {
        this.kb = this.assemble("empty", dir, [], [], [], "empty", skipped, null);
        this.log.error({ problems: skipped }, "knowledge base could not be built and no snapshot exists: serving an empty knowledge base");
      }
      Object.assign(report, { ok: false, version: this.kb.version, source: this.kb.source, skipped, errors: skipped });
    }
    return report;
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
    const report = await this.serialized(() => this.build(dir, true, false));
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
    return this.serialized(() => this.build(dir, false, false));
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

  /**
   * Loads `dir` into a new version. A reload (`partial` false) rejects the version when any file is
   * broken, naming each; the start-up load (`partial` true) leaves broken files out and serves the rest.
   */
  private async build(dir: string, swap: boolean, partial: boolean): Promise<ReloadReport> {
    const started = performance.now();
    const old = this.kb;
    const loaded = await loadKnowledgeDir(dir);
    const measures = loaded.docs.flatMap((d) => d.measures);
    const broken: LoadError[] = [...loaded.errors];
    const errors: LoadError[] = partial ? [] : [...broken];
    const skipped: LoadError[] = partial ? broken : [];
    if (!errors.length && measures.length === 0) errors.push({ file: dir, message: "知识库目录中没有可用的文档（0 条措施）" });
    const curated = this.opts.curated && !errors.length ? await this.opts.curated(dir, measures) : NO_CURATED;
    errors.push(...curated.errors);
    const version = versionOf(loaded.docs, loaded.guides, curated.fingerprint);
    const warnings = [...loaded.warnings, ...curated.warnings];
    const ok = errors.length === 0;
    const report: ReloadReport = {
      ok,
      version: ok ? version : (old?.version ?? ""),
      previousVersion: old?.version ?? null,
      documents: loaded.docs.length,
      measures: measures.length,
      guides: loaded.guides.length,
      ...diff(old?.measures ?? [], measures),
      facts: countFacts(measures),
      perDocument: loaded.docs.map(documentReport),
      warnings,
      errors,
      skipped,
      durationMs: 0,
    };
    if (ok && swap) {
      const source: KbSource = skipped.length ? "partial" : "built";
      const kb = this.assemble(version, dir, loaded.docs, loaded.guides, warnings, source, skipped, await this.buildVectors(measures), curated);
      this.kb = kb;
      this.dir = dir;
      report.source = source;
      for (const s of skipped) this.log.error({ file: s.file, line: s.line, field: s.field, problem: s.message }, "knowledge file skipped: the rest of the knowledge base serves");
      this.log.info({ version, documents: kb.docs.length, measures: measures.length, skipped: skipped.length }, "knowledge base loaded");
      // Only a complete build is the "last good" one: a partial start must not overwrite a fuller snapshot.
      if (source === "built" && this.opts.snapshotFile) void writeSnapshot(this.opts.snapshotFile, kb, this.log);
    } else if (!ok) {
      this.log.warn({ errors: errors.map((e) => `${e.file}: ${e.message}`).slice(0, 10), serving: old?.version ?? null }, "knowledge base reload rejected");
    }
    report.durationMs = Math.round(performance.now() - started);
    return report;
  }

  private assemble(version: string, dir: string, docs: ParsedDocument[], guides: Guide[], warnings: string[], source: KbSource, skipped: LoadError[], vectors: VectorIndex | null, curated: CuratedSet = NO_CURATED, builtAt = new Date().toISOString()): KnowledgeBase {
    const measures = docs.flatMap((d) => d.measures);
    return {
      version,
      builtAt,
      dir,
      docs,
      measures,
      guides,
      index: LexicalIndex.build(measures, undefined, docs.map((d) => d.meta), curated.phrasings),
      vectors,
      warnings,
      source,
      skipped,
      curated,
    };
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
function versionOf(docs: ParsedDocument[], guides: Guide[] = [], curated = ""): string {
  const h = createHash("sha256");
  if (curated) h.update(`\u0003${curated}`);
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

