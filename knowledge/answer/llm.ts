// The optional model behind answers. Any OpenAI-compatible server (OpenAI, DeepSeek, Qwen, vLLM) serves
// through OPENAI_BASE_URL. The model only rephrases retrieved passages; check.ts decides whether what it
// wrote may reach the user, and the extractive answer stands in whenever it may not.
import { ChatOpenAI } from "@langchain/openai";
import type { BaseMessage } from "@langchain/core/messages";
import type { Config } from "../../bot/config.ts";
import type { Logger } from "../../bot/logger.ts";
import { buildAnswerMessages, buildClassifyMessages, type Passage } from "./prompt.ts";
import { leaksPrompt, missedLimits, unsupportedFacts } from "./check.ts";

export type { Passage } from "./prompt.ts";

export interface Llm {
  /** The model's answer to `question` from `passages` only. Rejects on transport errors and timeouts. */
  generate(question: string, passages: Passage[]): Promise<string>;
  /** One of `labels` for `text`, or null when the model names none of them. */
  classify?(text: string, labels: string[]): Promise<string | null>;
}

export type LlmConfig = Pick<Config, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "ZWB_LLM_MODEL" | "ZWB_LLM_TIMEOUT_MS">;

export interface LlmOptions {
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
}

/** null when OPENAI_API_KEY is unset: the bot then answers extractively only. */
export function createLlm(config: LlmConfig, log: Logger, opts: LlmOptions = {}): Llm | null {
  if (!config.OPENAI_API_KEY) {
    log.info("OPENAI_API_KEY unset: answers are extractive only");
    return null;
  }
  const chat = new ChatOpenAI({
    model: config.ZWB_LLM_MODEL,
    apiKey: config.OPENAI_API_KEY,
    temperature: 0,
    timeout: config.ZWB_LLM_TIMEOUT_MS,
    maxRetries: opts.maxRetries ?? 1,
    configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {},
  });
  log.info({ model: config.ZWB_LLM_MODEL, baseURL: config.OPENAI_BASE_URL ?? "(openai)" }, "LLM answers enabled");
  return new ChatLlm(chat, config.ZWB_LLM_TIMEOUT_MS);
}

export interface LlmAnswer {
  text: string;
  usedLlm: boolean;
  /** Why the model's answer was not used: the unsupported phrases, "prompt-leak", "empty" or "error". */
  rejected?: string[];
}

/**
 * The model's answer when it is grounded in the passages, else `fallback()` (the extractive answer).
 * Never rejects: a failing or slow model costs the user nothing but the wait.
 */
export async function answerWithLlm(
  llm: Llm | null,
  question: string,
  passages: Passage[],
  fallback: () => string,
  log?: Logger,
): Promise<LlmAnswer> {
  // Without passages there is nothing the model may say that the check could vouch for.
  if (!llm || passages.length === 0) return { text: fallback(), usedLlm: false };
  let text: string;
  try {
    text = await llm.generate(question, passages);
  } catch (err) {
    log?.warn({ err }, "LLM call failed; using the extractive answer");
    return { text: fallback(), usedLlm: false, rejected: ["error"] };
  }
  if (!text) return { text: fallback(), usedLlm: false, rejected: ["empty"] };
  if (leaksPrompt(text)) {
    log?.warn("LLM answer echoed the system prompt; using the extractive answer");
    return { text: fallback(), usedLlm: false, rejected: ["prompt-leak"] };
  }
  const unsupported = unsupportedFacts(text, passages);
  if (unsupported.length > 0) {
    log?.warn({ unsupported }, "LLM answer states facts not in the passages; using the extractive answer");
    return { text: fallback(), usedLlm: false, rejected: unsupported };
  }
  const extract = fallback();
  const missed = missedLimits(text, extract);
  if (missed.length > 0) {
    log?.warn({ missed }, "LLM answer states none of the extractive answer's time limits; using the extractive answer");
    return { text: extract, usedLlm: false, rejected: missed };
  }
  return { text, usedLlm: true };
}
