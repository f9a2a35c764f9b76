// The thesaurus: everyday words enterprises use → the terms policy documents use (开公司 → 企业开办,
// 接水 → 用水报装). Data in config/thesaurus.json, editable by administrators, validated when it is
// read (at start-up and with every knowledge-base reload), so a broken edit names the field at fault
// and the previous thesaurus keeps serving.
import { readFile } from "node:fs/promises";
import { z } from "zod";

export const ThesaurusEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "id 只能用小写字母、数字和连字符"),
    terms: z.array(z.string().min(2, "日常说法至少两个字")).min(1),
    official: z.array(z.string().min(1)).min(1),
    weight: z.number().positive().max(1).optional(),
    examples: z.array(z.string().min(1)).optional(),
    counterExamples: z.array(z.string().min(1)).optional(),
    note: z.string().optional(),
  })
  .strict();

export const ThesaurusSchema = z
  .object({ $comment: z.string().optional(), entries: z.array(ThesaurusEntrySchema) })
  .strict()
  .superRefine((t, ctx) => {
    const ids = new Map<string, number>();
    const terms = new Map<string, string>();
    t.entries.forEach((e, i) => {
      if (ids.has(e.id)) ctx.addIssue({ code: "custom", path: ["entries", i, "id"], message: `重复的 id：${e.id}` });
      ids.set(e.id, i);
      e.terms.forEach((w, j) => {
        const other = terms.get(w);
        if (other && other !== e.id) ctx.addIssue({ code: "custom", path: ["entries", i, "terms", j], message: `“${w}”已在条目 ${other} 中` });
        terms.set(w, e.id);
      });
    });
  });

export type ThesaurusData = z.infer<typeof ThesaurusSchema>;
export type ThesaurusEntry = z.infer<typeof ThesaurusEntrySchema>;

export class ThesaurusError extends Error {}

export interface Expansion {
  /** Official terms to add, each once. */
  terms: string[];
  /** The everyday words found, the entry each belongs to and the official terms it stands for. */
  hits: { term: string; entry: string; official: string[] }[];
}

export class Thesaurus {
  // First character → terms starting with it, longest first: one pass over the message.
  private readonly byFirst = new Map<string, { term: string; entry: ThesaurusEntry }[]>();

  constructor(readonly entries: readonly ThesaurusEntry[]) {
    for (const e of entries)
      for (const term of e.terms) {
        const k = term[0];
        let list = this.byFirst.get(k);
        if (!list) this.byFirst.set(k, (list = []));
        list.push({ term, entry: e });
      }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.term.length - a.term.length);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The official terms for the everyday words of `text` that the text does not already use. */
  expand(text: string): Expansion {
    const out: string[] = [];
    const hits: Expansion["hits"] = [];
    const seen = new Set<string>();
    for (let i = 0; i < text.length; i++) {
      const list = this.byFirst.get(text[i]);
      if (!list) continue;
      for (const { term, entry } of list) {
        if (!text.startsWith(term, i)) continue;
        if (!seen.has(entry.id)) {
          seen.add(entry.id);
          hits.push({ term, entry: entry.id, official: entry.official });
          for (const o of entry.official) if (!text.includes(o) && !out.includes(o)) out.push(o);
        }
        i += term.length - 1;
        break;
      }
    }
    return { terms: out, hits };
  }
}

/** Validates thesaurus data; throws a ThesaurusError naming each bad field. */
export function parseThesaurus(raw: unknown, source = "thesaurus.json"): Thesaurus {
  const r = ThesaurusSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.slice(0, 20).map((i) => `  ${i.path.join(".")}：${i.message}`);
    throw new ThesaurusError(`叙词表 ${source} 无效：\n${lines.join("\n")}`);
  }
  return new Thesaurus(r.data.entries);
}

/** Reads and validates a thesaurus file. */
export async function loadThesaurus(file: string): Promise<Thesaurus> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new ThesaurusError(`叙词表 ${file} 无法读取或不是有效的 JSON：${(err as Error).message}`);
  }
  return parseThesaurus(raw, file);
}
