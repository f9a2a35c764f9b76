// The wording a quote shows: a measure read from a Traditional-character document is searched and
// understood in Simplified, but quoted as it was published.
import type { Measure } from "../types.ts";

/** The published form of a passage of `m.text` (the passage itself when the document was Simplified). */
export function published(m: Pick<Measure, "text" | "original">, passage: string): string {
  if (!m.original || m.original.length !== m.text.length) return passage;
  const at = m.text.indexOf(passage);
  return at < 0 ? passage : m.original.slice(at, at + passage.length);
}
