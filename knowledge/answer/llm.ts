// What answers need of a language model, and the guard around it: the model only rephrases
// retrieved passages; check.ts decides whether what it wrote may reach the user, and the extractive
// answer stands in whenever it may not. The client itself (chat-model.ts) is loaded only when a key
// is configured, so a bot without one never loads the LLM libraries.
import type { Logger } from "../../core/log.ts";
import { leaksPrompt, missedLimits, unsupportedFacts } from "./check.ts";
import type { Passage } from "./prompt-text.ts";

export type { Passage };

export interface Llm {
  /** The model's answer to `question` from `passages` only. Rejects on transport errors and timeouts. */
  generate(question: string, passages: Passage[]): Promise<string>;
  /** One of `labels` for `text`, or null when the model names none of them. */
  classify?(text: string, labels: string[]): Promise<string | null>;
  /**
   * The question restated as one standalone question in the policies' own terms (everyday words
   * replaced, a follow-up completed from `context`), for retrieval only: never shown to the user.
   */
  rewrite?(question: string, context?: string): Promise<string>;
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
