// What the model is told, and how the user's words reach it: fenced, as data, never as instructions.
// The passages are fenced too, because an uploaded document can carry an injection just as well.
import { ChatPromptTemplate } from "@langchain/core/prompts";
import type { BaseMessage } from "@langchain/core/messages";
import { CLASSIFY_SYSTEM_PROMPT, PASSAGES_CLOSE, PASSAGES_OPEN, QUESTION_CLOSE, QUESTION_OPEN, REWRITE_SYSTEM_PROMPT, SYSTEM_PROMPT, formatPassages, neutralizeFences, type Passage } from "./prompt-text.ts";

const HUMAN_TEMPLATE = [
  PASSAGES_OPEN,
  "{passages}",
  PASSAGES_CLOSE,
  "",
  QUESTION_OPEN,
  "{question}",
  QUESTION_CLOSE,
  "",
  "请仅依据上面的资料回答围栏内的问题，并注明《文件标题》和条款。",
].join("\n");

const answerPrompt = ChatPromptTemplate.fromMessages([
  ["system", SYSTEM_PROMPT],
  ["human", HUMAN_TEMPLATE],
]);

export async function buildAnswerMessages(question: string, passages: Passage[]): Promise<BaseMessage[]> {
  return answerPrompt.formatMessages({
    passages: formatPassages(passages),
    question: neutralizeFences(question.trim()),
  });
}

const classifyPrompt = ChatPromptTemplate.fromMessages([
  ["system", CLASSIFY_SYSTEM_PROMPT],
  ["human", `类别：{labels}\n\n${QUESTION_OPEN}\n{text}\n${QUESTION_CLOSE}`],
]);

export async function buildClassifyMessages(text: string, labels: string[]): Promise<BaseMessage[]> {
  return classifyPrompt.formatMessages({ labels: labels.join("、"), text: neutralizeFences(text.trim()) });
}

const rewritePrompt = ChatPromptTemplate.fromMessages([
  ["system", REWRITE_SYSTEM_PROMPT],
  ["human", `上文：{context}\n\n${QUESTION_OPEN}\n{question}\n${QUESTION_CLOSE}`],
]);

export async function buildRewriteMessages(question: string, context = ""): Promise<BaseMessage[]> {
  return rewritePrompt.formatMessages({ context: neutralizeFences(context.trim()) || "（无）", question: neutralizeFences(question.trim()) });
}
