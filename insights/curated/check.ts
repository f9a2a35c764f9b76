// Checks of one curated entry against the knowledge base it will join: the measure it names exists,
// a thesaurus term's official word is one the documents use, and a curated answer either cites a
// measure whose text backs every time limit, date and percentage it states, or is a platform
// statement that states none. Messages in Chinese, each naming its field.
import type { Measure } from "../../knowledge/types.ts";
import { unsupportedFacts } from "../../knowledge/answer/check.ts";
import { zhErrorMap } from "../../core/zod-zh.ts";
import { CuratedEntrySchema, fieldZh, type CuratedEntry } from "./schema.ts";

export interface EntryIssue {
  field: string;
  /** The field's Chinese name. */
  label: string;
  message: string;
}

const issue = (field: string, message: string): EntryIssue => ({ field, label: fieldZh(field ? field.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : []), message });

export type EntryCheck = { ok: true; entry: CuratedEntry } | { ok: false; issues: EntryIssue[] };

export function checkEntry(raw: unknown, measures: ReadonlyMap<string, Measure>): EntryCheck {
  const r = CuratedEntrySchema.safeParse(raw, { error: zhErrorMap });
  if (!r.success) return { ok: false, issues: r.error.issues.map((i) => issue(i.path.map(String).join("."), i.message)) };
  const e = r.data;
  const issues: EntryIssue[] = [];
  if (e.kind === "phrasing" && !measures.has(e.measure)) issues.push(issue("measure", `措施「${e.measure}」不在知识库中`));
  if (e.kind === "thesaurus") {
    const used = [...measures.values()].some((m) => m.text.includes(e.official) || m.path.some((p) => p.includes(e.official)));
    if (!used) issues.push(issue("official", `「${e.official}」在知识库文档中没有出现，不能作为规范用语`));
    e.terms.forEach((t, i) => {
      if (t === e.official) issues.push(issue(`terms.${i}`, "与规范用语相同"));
    });
  }
  if (e.kind === "answer") {
    if (e.measure && e.platform) issues.push(issue("platform", "引用措施的答复不能同时标记为平台说明"));
    else if (!e.measure && !e.platform) issues.push(issue("measure", "整理答复须引用一条措施，或标记为平台说明"));
    else if (e.measure) {
      const m = measures.get(e.measure);
      if (!m) issues.push(issue("measure", `措施「${e.measure}」不在知识库中`));
      else {
        const bad = unsupportedFacts(e.answer, [{ doc: m.docId, title: m.docTitle, section: m.path.join(" > "), text: m.text }]);
        if (bad.length) issues.push(issue("answer", `「${bad.join("」「")}」不在所引措施的原文中`));
      }
    } else {
      const bad = unsupportedFacts(e.answer, []);
      if (bad.length) issues.push(issue("answer", `平台说明不能含有时限、日期或比例（「${bad.join("」「")}」）；如有依据请引用措施`));
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, entry: e };
}
