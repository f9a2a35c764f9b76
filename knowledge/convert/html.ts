// mammoth's HTML (and a saved web page) → the plain layout the parser reads: one block (paragraph, heading, list item) a
// line, and each Word table as pipe rows ("|序号|事项|承诺时限|"), so a table stays a table instead of
// a run of loose cells. Merged cells are filled in: a 牵头单位 spanning three rows belongs to all three.

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const BLOCK = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "div", "section", "article", "header", "footer", "ul", "ol", "dd", "dt", "blockquote", "pre", "center", "hr", "title"]);
// Never text: a saved web page's scripts, styles and head.
const SKIP = /<(script|style|noscript|template|svg|head)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;

interface Cell {
  text: string;
  rowspan: number;
  colspan: number;
}

function attr(attrs: string, name: string): number {
  const m = new RegExp(`${name}="(\\d+)"`).exec(attrs);
  return m ? Math.max(1, Math.min(50, Number(m[1]))) : 1;
}

/** Rows of cells → pipe lines, with row- and column-spans filled in. */
function tableLines(rows: Cell[][]): string[] {
  const grid: string[][] = [];
  const carry: { text: string; left: number }[] = [];
  for (const row of rows) {
    const out: string[] = [];
    let col = 0;
    const takeCarry = () => {
      while (carry[col] && carry[col].left > 0) {
        out.push(carry[col].text);
        carry[col].left--;
        col++;
      }
    };
    takeCarry();
    for (const c of row) {
      for (let k = 0; k < c.colspan; k++) {
        out.push(c.text);
        if (c.rowspan > 1) carry[col] = { text: c.text, left: c.rowspan - 1 };
        col++;
        takeCarry();
      }
    }
    grid.push(out);
  }
  return grid.filter((r) => r.some((c) => c.trim())).map((r) => `|${r.map((c) => c.replace(/\|/g, "/")).join("|")}|`);
}

export function htmlToText(input: string): string {
  // The <title> of a saved page is kept (it names the document); the rest of <head> is not.
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(input)?.[1]?.trim();
  const html = `${title ? `<p>${title}</p>` : ""}${input.replace(SKIP, "")}`;
  const lines: string[] = [];
  let cur = "";
  const flush = () => {
    if (cur.trim()) lines.push(cur.trim());
    cur = "";
  };
  // Table state: a stack, so a table inside a cell is read as that cell's text.
  let depth = 0;
  let rows: Cell[][] = [];
  let cell: Cell | null = null;
  let cellParts: string[] = [];
  let piece = "";
  const endPiece = () => {
    if (piece.trim()) cellParts.push(piece.trim());
    piece = "";
  };
  for (const m of html.matchAll(/<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g)) {
    const [, close, rawTag, attrs, text] = m;
    if (text !== undefined) {
      const t = decode(text);
      if (cell) piece += t;
      else if (depth === 0) cur += t;
      continue;
    }
    const tag = rawTag.toLowerCase();
    if (tag === "table") {
      if (!close) {
        if (depth === 0) {
          flush();
          rows = [];
        }
        depth++;
      } else {
        depth = Math.max(0, depth - 1);
        if (depth === 0) {
          lines.push(...tableLines(rows));
          rows = [];
        }
      }
      continue;
    }
    if (depth === 1 && tag === "tr" && !close) rows.push([]);
    else if (depth === 1 && (tag === "td" || tag === "th")) {
      if (!close) {
        cell = { text: "", rowspan: attr(attrs, "rowspan"), colspan: attr(attrs, "colspan") };
        cellParts = [];
        piece = "";
      } else if (cell) {
        endPiece();
        // Paragraphs inside one cell: a list of materials, a name broken over lines.
        cell.text = cellParts.map((p, i) => (i > 0 && !/[。;；,，、:：]$/.test(cellParts[i - 1]) ? `；${p}` : p)).join("");
        rows.at(-1)?.push(cell);
        cell = null;
      }
    } else if (BLOCK.has(tag)) {
      if (cell) endPiece();
      else if (depth === 0) flush();
    }
  }
  flush();
  return lines.join("\n");
}
