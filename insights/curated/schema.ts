// Curated entries (ZWB_KB_DIR/faq/<id>.json), one file each, written by administrators from the
// unanswered questions: a known phrasing of a measure, a thesaurus entry (everyday term → the
// official term the documents use), or a curated answer that cites a measure or is marked as a
// platform statement (平台说明) — never an unsourced time limit.
import { z } from "zod";

const Question = z.string().trim().min(1).max(200);
const Meta = {
  $comment: z.string().optional(),
  /** Who wrote it (the administrator's name) and when. */
  by: z.string().trim().min(1).max(40),
  at: z.string().min(1),
};

export const PhrasingEntry = z.strictObject({
  kind: z.literal("phrasing"),
  measure: z.string().trim().min(1),
  questions: z.array(Question).min(1).max(100),
  ...Meta,
});

export const ThesaurusEntry = z.strictObject({
  kind: z.literal("thesaurus"),
  terms: z.array(z.string().trim().min(2).max(20)).min(1).max(20),
  official: z.string().trim().min(2).max(30),
  /** The questions that asked for it. */
  examples: z.array(Question).max(100).default([]),
  ...Meta,
});

export const AnswerEntry = z.strictObject({
  kind: z.literal("answer"),
  questions: z.array(Question).min(1).max(100),
  answer: z.string().trim().min(1).max(2000),
  measure: z.string().trim().min(1).optional(),
  platform: z.boolean().optional(),
  ...Meta,
});

export const CuratedEntrySchema = z.discriminatedUnion("kind", [PhrasingEntry, ThesaurusEntry, AnswerEntry]);
export type CuratedEntry = z.infer<typeof CuratedEntrySchema>;
export type CuratedKind = CuratedEntry["kind"];

export const KIND_ZH: Record<CuratedKind, string> = { phrasing: "关联措施（已知问法）", thesaurus: "同义词", answer: "整理答复" };

/** Field names as people read them, for errors ("引用措施：措施「x」不存在"). */
export const FIELD_ZH: Record<string, string> = {
  kind: "类型",
  measure: "引用措施",
  questions: "问法",
  terms: "常用说法",
  official: "规范用语",
  examples: "原问题",
  answer: "答复内容",
  platform: "平台说明",
  by: "整理人",
  at: "整理时间",
};

export function fieldZh(path: (string | number)[]): string {
  if (!path.length) return "文件";
  const [head, ...rest] = path;
  const name = FIELD_ZH[String(head)] ?? String(head);
  return rest.length && typeof rest[0] === "number" ? `${name}第${rest[0] + 1}项` : name;
}
