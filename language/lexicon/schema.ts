// Every phrase table of the language layer is data of one shape, validated when it is loaded:
// { id, terms and/or patterns, weight, examples, counterExamples }. The examples are the entry's
// own specification: tests/language/lexicon.test.ts checks every one of them against the entry,
// so a change to a term or pattern that breaks what it was written for fails the tests.
import { z } from "zod";

export const EntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "id 只能用小写字母、数字和连字符"),
    /** Literal phrases; one occurring anywhere in the text is a match. */
    terms: z.array(z.string().min(1)).optional(),
    /** Regular-expression sources (JavaScript syntax), for phrases with slots ("跑了N趟"). */
    patterns: z.array(z.string().min(1)).optional(),
    /** Phrases in a policy text that answer what this entry asks (asked table only). */
    evidence: z.array(z.string().min(1)).optional(),
    /** What the entry stands for inside its table (grievance: harm, actor…; smalltalk: thanks…). */
    role: z.string().min(1).optional(),
    weight: z.number().finite(),
    /** Messages the entry must match. */
    examples: z.array(z.string().min(1)).min(1, "每个条目至少要有一个例句"),
    /** Messages it must not match (the near misses that explain its boundary). */
    counterExamples: z.array(z.string().min(1)).default([]),
    /** Why the entry exists, for the next person editing it. */
    note: z.string().optional(),
  })
  .strict()
  .refine((e) => (e.terms?.length ?? 0) + (e.patterns?.length ?? 0) > 0, { message: "terms 与 patterns 至少填写一项" });

export const TableSchema = z
  .object({
    $comment: z.string().optional(),
    table: z.string().min(1),
    entries: z.array(EntrySchema).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.entries.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({ code: "custom", path: ["entries", i, "id"], message: `重复的 id：${e.id}` });
      seen.add(e.id);
      for (const [field, list] of [["patterns", e.patterns], ["evidence", e.evidence]] as const)
        (list ?? []).forEach((p, j) => {
          try {
            new RegExp(p);
          } catch (err) {
            ctx.addIssue({ code: "custom", path: ["entries", i, field, j], message: `正则表达式无效：${(err as Error).message}` });
          }
        });
    });
  });

export type EntryData = z.infer<typeof EntrySchema>;
export type TableData = z.infer<typeof TableSchema>;

/** A validated entry, ready to match. */
export interface Entry extends EntryData {
  table: string;
  /** The first phrase of the text the entry matches, or null. */
  match(text: string): string | null;
  /** Whether a policy text holds what the entry asks (asked table). */
  evidenced(text: string): boolean;
}

export interface Table {
  name: string;
  entries: Entry[];
  byId: Map<string, Entry>;
  /** Every entry that matches, in table order. */
  matchAll(text: string): { entry: Entry; match: string }[];
}

export class LexiconError extends Error {}

function compile(table: string, e: EntryData): Entry {
  const terms = e.terms ?? [];
  const res = (e.patterns ?? []).map((p) => new RegExp(p));
  const ev = (e.evidence ?? []).map((p) => new RegExp(p));
  return {
    ...e,
    table,
    match(text) {
      for (const t of terms) if (text.includes(t)) return t;
      for (const re of res) {
        const m = re.exec(text);
        if (m) return m[0] || "(空)";
      }
      return null;
    },
    evidenced(text) {
      return ev.some((re) => re.test(text));
    },
  };
}

/** Validates one table; a broken one stops start-up with the field path and a Chinese message. */
export function loadTable(raw: unknown, source: string): Table {
  const r = TableSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".")}：${i.message}`);
    throw new LexiconError(`词表 ${source} 无效：\n${lines.join("\n")}`);
  }
  const entries = r.data.entries.map((e) => compile(r.data.table, e));
  return {
    name: r.data.table,
    entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    matchAll(text) {
      const out: { entry: Entry; match: string }[] = [];
      for (const entry of entries) {
        const m = entry.match(text);
        if (m !== null) out.push({ entry, match: m });
      }
      return out;
    },
  };
}
