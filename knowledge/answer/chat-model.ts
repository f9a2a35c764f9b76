// The optional model behind answers. Any OpenAI-compatible server (OpenAI, DeepSeek, Qwen, vLLM)
// serves through its base URL. Loaded by the composition root only when an API key is configured.
import { ChatOpenAI } from "@langchain/openai";
import type { BaseMessage } from "@langchain/core/messages";
import type { Logger } from "../../core/log.ts";
import type { Llm } from "./llm.ts";
import { buildAnswerMessages, buildClassifyMessages, buildRewriteMessages } from "./prompt.ts";
import type { Passage } from "./prompt-text.ts";

export interface ChatModelOptions {
  apiKey: string;
  /** An OpenAI-compatible endpoint; absent: OpenAI's own. */
  baseURL?: string;
  model: string;
  /** Bounds one call, retries included. */
  timeoutMs: number;
  /** Retries after the first attempt; kept small because a user is waiting and there is a fallback. */
  maxRetries?: number;
}

// Reasoning models served through vLLM/DeepSeek put their chain of thought in the content.
const THINK = /<think>[\s\S]*?(<\/think>|$)/g;

function messageText(m: BaseMessage): string {
  const c = m.content;
  const text = typeof c === "string" ? c : c.map((p) => ("text" in p && typeof p.text === "string" ? p.text : "")).join("");
  return text.replace(THINK, "").trim();
}

class ChatLlm implements Llm {
  constructor(
    private readonly chat: ChatOpenAI,
    private readonly timeoutMs: number,
  ) {}

  private async invoke(messages: BaseMessage[]): Promise<string> {
    // The client's timeout bounds one attempt; the signal bounds all of them together.
    const reply = await this.chat.invoke(messages, { signal: AbortSignal.timeout(this.timeoutMs) });
    return messageText(reply);
  }

  async generate(question: string, passages: Passage[]): Promise<string> {
    return this.invoke(await buildAnswerMessages(question, passages));
  }

  async classify(text: string, labels: string[]): Promise<string | null> {
    const out = await this.invoke(await buildClassifyMessages(text, labels));
    // Longest first so a label that contains another ("投诉建议" vs "投诉") wins.
    return [...labels].sort((a, b) => b.length - a.length).find((l) => out.includes(l)) ?? null;
  }

  async rewrite(question: string, context?: string): Promise<string> {
    const out = await this.invoke(await buildRewriteMessages(question, context));
    // One line of question; a model that starts answering is cut at its first sentence.
    return out.split(/\n/)[0].replace(/^["“「]|["”」]$/g, "").trim().slice(0, 200);
  }
}

/** A chat model client for answers and second opinions. */
export function createChatLlm(o: ChatModelOptions, log: Logger): Llm {
  const chat = new ChatOpenAI({
    model: o.model,
    apiKey: o.apiKey,
    temperature: 0,
    timeout: o.timeoutMs,
    maxRetries: o.maxRetries ?? 1,
    configuration: o.baseURL ? { baseURL: o.baseURL } : {},
  });
  log.info({ model: o.model, baseURL: o.baseURL ?? "(openai)" }, "LLM answers enabled");
  return new ChatLlm(chat, o.timeoutMs);
}
