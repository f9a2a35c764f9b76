// A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: chat completions (plain and SSE) and
// embeddings (deterministic hashed character bigrams, so similar Chinese texts land near each other).
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readJson, sendJson } from "./http-json.ts";

export interface ChatMessage {
  role: string;
  content: string;
}

export interface StubRequest {
  path: string;
  body: any;
  authorization?: string;
}

/** What the stub does with a chat request: reply text, or an HTTP error, or hang until the client gives up. */
export type StubReply = string | { status: number; body?: unknown } | { hang: true };
export type Responder = (messages: ChatMessage[], body: any) => StubReply | Promise<StubReply>;

export interface OpenAiStub {
  /** Base URL including /v1, as OPENAI_BASE_URL takes it. */
  url: string;
  setResponder(fn: Responder): void;
  requests: StubRequest[];
  chatRequests(): StubRequest[];
  embeddingRequests(): StubRequest[];
  close(): Promise<void>;
}

export const EMBEDDING_DIMS = 256;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hashed character bigrams (and unigrams, weaker), L2-normalized. */
export function stubEmbedding(text: string): number[] {
  const v = new Array<number>(EMBEDDING_DIMS).fill(0);
  const chars = [...text.replace(/[\s\p{P}\p{S}]/gu, "")];
  for (let i = 0; i < chars.length; i++) {
    v[fnv1a(chars[i]) % EMBEDDING_DIMS] += 0.3;
    if (i + 1 < chars.length) v[fnv1a(chars[i] + chars[i + 1]) % EMBEDDING_DIMS] += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function toBase64(v: number[]): string {
  return Buffer.from(new Float32Array(v).buffer).toString("base64");
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === "string" ? p.text : "")).join("");
  return "";
}


export async function startOpenAiStub(): Promise<OpenAiStub> {
  let responder: Responder = () => "好的。";
  const requests: StubRequest[] = [];
  let seq = 0;

  async function chat(body: any, res: ServerResponse): Promise<void> {
    const messages: ChatMessage[] = (body.messages ?? []).map((m: any) => ({ role: m.role, content: contentText(m.content) }));
    const reply = await responder(messages, body);
    if (typeof reply === "object" && "hang" in reply) return; // the client's timeout ends it; close() drops the socket
    if (typeof reply === "object") {
      sendJson(res, reply.status, reply.body ?? { error: { message: "stub error", type: "server_error" } });
      return;
    }
    const id = `chatcmpl-stub-${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? "stub";
    if (body.stream) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const chunk = (delta: object, finish: string | null) =>
        res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
      chunk({ role: "assistant", content: "" }, null);
      // Split in two so a streaming client really has to join the pieces.
      const mid = Math.ceil(reply.length / 2);
      chunk({ content: reply.slice(0, mid) }, null);
      chunk({ content: reply.slice(mid) }, null);
      chunk({}, "stop");
      res.end("data: [DONE]\n\n");
      return;
    }
    sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  }

  function embeddings(body: any, res: ServerResponse): void {
    const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
    const base64 = body.encoding_format === "base64";
    sendJson(res, 200, {
      object: "list",
      model: body.model,
      data: inputs.map((text, index) => {
        const v = stubEmbedding(String(text));
        return { object: "embedding", index, embedding: base64 ? toBase64(v) : v };
      }),
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? "").split("?")[0];
      if (req.method !== "POST") return sendJson(res, 404, { error: { message: "not found" } });
      const body = await readJson(req);
      requests.push({ path, body, authorization: req.headers.authorization });
      if (path === "/v1/chat/completions") return chat(body, res);
      if (path === "/v1/embeddings") return embeddings(body, res);
      sendJson(res, 404, { error: { message: `no route ${path}` } });
    })().catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err) } });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    setResponder(fn) {
      responder = fn;
    },
    requests,
    chatRequests: () => requests.filter((r) => r.path === "/v1/chat/completions"),
    embeddingRequests: () => requests.filter((r) => r.path === "/v1/embeddings"),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // hung requests would otherwise keep close() waiting

      }),
  };
}
