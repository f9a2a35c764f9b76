// The embeddings client for semantic search, through any OpenAI-compatible endpoint. Loaded by the
// composition root only when an API key and an embedding model are configured.
import { OpenAIEmbeddings } from "@langchain/openai";

export interface EmbeddingsOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  maxRetries?: number;
}

export function createEmbeddings(o: EmbeddingsOptions): OpenAIEmbeddings {
  return new OpenAIEmbeddings({
    model: o.model,
    apiKey: o.apiKey,
    timeout: o.timeoutMs,
    maxRetries: o.maxRetries ?? 2,
    // Plain floats: several OpenAI-compatible servers ignore the client's default base64 request.
    encodingFormat: "float",
    // Kept modest: some compatible servers (e.g. DashScope) cap inputs per request well below OpenAI's.
    batchSize: 10,
    configuration: o.baseURL ? { baseURL: o.baseURL } : {},
  });
}
