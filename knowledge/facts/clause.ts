// Finding "the clause a fact applies to" in a sentence of policy text.

const SENTENCE_END = /[。;!?]/;
const CLAUSE_END = /[。;!?,，:]/;

/** Index just after the last sentence boundary before `idx` (or `floor`, whichever is later). */
export function sentenceStart(text: string, idx: number, floor = 0): number {
  for (let i = idx - 1; i >= floor; i--) if (SENTENCE_END.test(text[i])) return i + 1;
  return floor;
}

/** Bounds of the comma-level clause containing [start, end). */
export function clauseAround(text: string, start: number, end: number): [number, number] {
  let a = start;
  while (a > 0 && !CLAUSE_END.test(text[a - 1])) a--;
  let b = end;
  while (b < text.length && !CLAUSE_END.test(text[b])) b++;
  return [a, b];
}

/** Start of the next clause after index `b` (skipping the boundary), and its end. */
export function nextClause(text: string, b: number): [number, number] {
  if (b >= text.length || SENTENCE_END.test(text[b])) return [b, b];
  const a = b + 1;
  let e = a;
  while (e < text.length && !CLAUSE_END.test(text[e])) e++;
  return [a, e];
}

/** Keep at most the last `n` comma-clauses of a span: long sentences lead with context. */
export function lastClauses(s: string, n: number): string {
  const parts = s.split(/[,，]/);
  return parts.slice(Math.max(0, parts.length - n)).join(",");
}

export function trimPunct(s: string): string {
  return s.replace(/^[\s,，、:;。]+|[\s,，、:;。]+$/g, "");
}
