// Reading guide entries from JSON files, with errors that name the file and the field.

import type { LoadError } from "../load-error.ts";
import { GuideSchema, type Guide } from "./schema.ts";

/** A guide's problem, in the knowledge base's one error shape (file, field, message). */
export type GuideError = Omit<LoadError, "line">;

/** Parse one guide file's text. `file` is only used in error messages. */
export function parseGuide(text: string, file: string): { guide?: Guide; errors: GuideError[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { errors: [{ file, message: `JSON 格式错误: ${(e as Error).message}` }] };
  }
  const r = GuideSchema.safeParse(json);
  if (r.success) return { guide: r.data, errors: [] };
  return {
    errors: r.error.issues.map((i) => ({ file, field: i.path.map(String).join("."), message: i.message })),
  };
}

/** Every quote of a guide, with the element it supports (for checking quotes against documents). */
export function guideQuotes(g: Guide): { element: string; doc: string; quote: string }[] {
  const out: { element: string; doc: string; quote: string }[] = [];
  for (const [k, v] of Object.entries(g)) {
    if (v && typeof v === "object" && "source" in v) {
      const s = (v as { source: { doc: string; quote: string } }).source;
      out.push({ element: k, doc: s.doc, quote: s.quote });
    }
  }
  return out;
}

/** Each stated element's value with the quote it rests on. */
export function guideValues(g: Guide): { element: string; value: string; quote: string }[] {
  const out: { element: string; value: string; quote: string }[] = [];
  for (const [k, v] of Object.entries(g)) {
    if (v && typeof v === "object" && "source" in v && "value" in v) {
      const s = v as { value: string; source: { quote: string } };
      out.push({ element: k, value: s.value, quote: s.source.quote });
    }
  }
  return out;
}
