// Several tasks printed in one paragraph: sentences each closed by its own "(…负责,…前完成)", and
// "(1)…(2)…" or "①…②…" items run together. Each becomes a measure of its own so its units and
// deadline stay with it instead of being spread over the paragraph.

export interface InlinePart {
  label: string;
  text: string;
}

// A bracket that assigns the sentence before it: units, a completion date, or both.
const ASSIGNS = /负责|牵头|配合|责任单位|牵头单位|责任部门|前完成|底前|底完成|持续推进|长期坚持/;

/** The top-level "(…)" groups of a text as [open, close] index pairs. */
function brackets(text: string): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "（") {
      if (depth === 0) open = i;
      depth++;
    } else if ((c === ")" || c === "）") && depth > 0) {
      depth--;
      if (depth === 0) out.push([open, i]);
    }
  }
  return out;
}

/**
 * "推行A。(X负责,6月底前完成)推行B。(Y负责,9月底前完成)" → two tasks, each ending with its bracket.
 * Null unless at least two assigning brackets each close a sentence.
 */
export function splitTasks(text: string): InlinePart[] | null {
  const ends: number[] = [];
  for (const [a, b] of brackets(text)) {
    if (!ASSIGNS.test(text.slice(a + 1, b))) continue;
    // It closes what came before it: it follows a sentence end, or stands at the end of one.
    const before = text.slice(Math.max(0, a - 1), a);
    const after = text.slice(b + 1, b + 2);
    if (!/[。;；!?]/.test(before) && !/^[。;；]?$/.test(after) && !/[。;；]/.test(after)) continue;
    let end = b + 1;
    while (end < text.length && /[。;；\s]/.test(text[end])) end++;
    ends.push(end);
  }
  if (ends.length < 2) return null;
  const parts: InlinePart[] = [];
  let start = 0;
  for (const e of ends) {
    const t = text.slice(start, e).trim();
    if (t) parts.push({ label: `任务${parts.length + 1}`, text: t });
    start = e;
  }
  const tail = text.slice(start).trim();
  // A closing remark without its own bracket stays with the last task.
  if (tail) {
    if (tail.length < 30 || parts.length === 0) parts[parts.length - 1].text += tail;
    else parts.push({ label: `任务${parts.length + 1}`, text: tail });
  }
  return parts.length >= 2 ? parts : null;
}

const PAREN_ITEM = /[(（](\d{1,2})[)）]|([\u2460-\u2473])/g;

/**
 * "…:(1)A;(2)B;(3)C。" → items (1) (2) (3), in order from 1; each must start the text or follow a
 * sentence or list break, so "(2)" quoted in the middle of a sentence is not taken for an item.
 */
export function splitParenItems(text: string): { intro: string; items: InlinePart[] } | null {
  const hits: { start: number; end: number; label: string }[] = [];
  let expected = 1;
  let kind: "arabic" | "circled" | null = null;
  for (const m of text.matchAll(PAREN_ITEM)) {
    const k = m[1] ? "arabic" : "circled";
    const v = m[1] ? Number(m[1]) : m[2].charCodeAt(0) - 0x2460 + 1;
    if (v !== expected || (kind && k !== kind)) continue;
    const start = m.index!;
    const prev = start === 0 ? "" : text[start - 1];
    if (start !== 0 && !/[。;；:：!?,，\s]/.test(prev)) continue;
    kind = k;
    hits.push({ start, end: start + m[0].length, label: m[1] ? `(${m[1]})` : m[2] });
    expected++;
  }
  if (hits.length < 2) return null;
  const items = hits.map((h, i) => ({ label: h.label, text: text.slice(h.end, i + 1 < hits.length ? hits[i + 1].start : text.length).trim() }));
  if (items.some((x) => x.text.length < 2)) return null;
  return { intro: text.slice(0, hits[0].start).trim(), items };
}
