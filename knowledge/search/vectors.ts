// Semantic search over measure texts through any OpenAI-compatible embeddings endpoint. Embeddings are
// cached on disk by (model, text) hash, so a restart or a reload re-embeds only what changed.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Logger } from "../../core/log.ts";
import { writeFileAtomic } from "../../core/fs.ts";

export interface VectorItem {
  id: string;
  text: string;
}

export interface VectorHit {
  id: string;
  /** Cosine similarity, higher is nearer. */
  score: number;
}

export interface VectorIndexOptions {
  embeddings: EmbeddingsInterface;
  /** JSON file holding cached embeddings; usually `${ZWB_DATA_DIR}/embeddings.json`. */
  cacheFile: string;
  log: Logger;
  /** Part of the cache key; defaults to the embeddings' own `model` field. */
  model?: string;
}

interface CacheFile {
  version: 1;
  /** sha256(model + NUL + text) → vector. */
  vectors: Record<string, number[]>;
}

const CACHE_VERSION = 1;
const QUERY_CACHE_MAX = 256;

function cacheKey(model: string, text: string): string {
  return createHash("sha256").update(`${model}\u0000${text}`).digest("hex");
}

async function readCache(file: string, log: Logger): Promise<Record<string, number[]>> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as CacheFile;
    if (parsed.version === CACHE_VERSION && parsed.vectors && typeof parsed.vectors === "object") return parsed.vectors;
    log.warn({ file }, "embedding cache has an unknown version; re-embedding");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") log.warn({ err, file }, "embedding cache unreadable; re-embedding");
  }
  return {};
}

async function writeCache(file: string, vectors: Record<string, number[]>): Promise<void> {
  // A crash mid-write leaves the old cache rather than half a JSON file.
  await writeFileAtomic(file, JSON.stringify({ version: CACHE_VERSION, vectors } satisfies CacheFile));
}

export class VectorIndex {
  private readonly queryCache = new Map<string, number[]>();

  private constructor(
    private readonly store: MemoryVectorStore,
    private readonly embeddings: EmbeddingsInterface,
    readonly size: number,
  ) {}

  /** Embeds the items not already in the cache file, then rewrites the cache with exactly these items. */
  static async build(items: VectorItem[], opts: VectorIndexOptions): Promise<VectorIndex> {
    const model = opts.model ?? (opts.embeddings as { model?: string }).model ?? "unknown";
    const cached = await readCache(opts.cacheFile, opts.log);
    const keys = items.map((it) => cacheKey(model, it.text));
    const missing = [...new Set(keys.filter((k) => !cached[k]))];
    const textOf = new Map(items.map((it, i) => [keys[i], it.text]));

    if (missing.length > 0) {
      const vectors = await opts.embeddings.embedDocuments(missing.map((k) => textOf.get(k)!));
      missing.forEach((k, i) => (cached[k] = Array.from(vectors[i])));
    }
    // Only this build's texts are kept: entries of removed measures or older models would only grow the file.
    const kept: Record<string, number[]> = {};
    for (const k of keys) kept[k] = cached[k];
    if (missing.length > 0 || Object.keys(kept).length !== Object.keys(cached).length) await writeCache(opts.cacheFile, kept);
    opts.log.info({ items: items.length, embedded: missing.length, model }, "vector index built");

    const store = new MemoryVectorStore(opts.embeddings);
    await store.addVectors(
      keys.map((k) => kept[k]),
      items.map((it) => new Document({ pageContent: it.text, metadata: { id: it.id }, id: it.id })),
    );
    return new VectorIndex(store, opts.embeddings, items.length);
  }

  /** The k items nearest to the query, nearest first. */
  async search(query: string, k: number): Promise<VectorHit[]> {
    if (this.size === 0 || k <= 0) return [];
    const vector = await this.embedQuery(query);
    const results = await this.store.similaritySearchVectorWithScore(vector, k);
    return results.map(([doc, score]) => ({ id: String(doc.metadata.id), score }));
  }

  // Users repeat the same questions; each repeat would otherwise cost an embeddings round trip.
  private async embedQuery(query: string): Promise<number[]> {
    const hit = this.queryCache.get(query);
    if (hit) return hit;
    const v = await this.embeddings.embedQuery(query);
    if (this.queryCache.size >= QUERY_CACHE_MAX) this.queryCache.delete(this.queryCache.keys().next().value!);
    this.queryCache.set(query, v);
    return v;
  }
}
