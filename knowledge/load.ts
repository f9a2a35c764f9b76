// Read a knowledge folder: every .txt/.md/.docx/.pdf/.html file is a policy document (manifest.json only adds
// metadata), guides/*.json are service guides. Problems are reported per file so the caller can
// decide whether a reload is rejected as a whole.

import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { z } from "zod";
import type { DocumentMeta, ParsedDocument } from "./types.ts";
import { parseDocument } from "./parse/document.ts";
import { readMeta } from "./parse/meta.ts";
import { looksTraditional, toSimplified } from "./parse/traditional.ts";
import { normalizeText } from "../core/text.ts";
import { guideQuotes, guideValues, parseGuide } from "./guides/load.ts";
import { unsupportedFacts } from "./answer/check.ts";
import type { Guide } from "./guides/schema.ts";
import { ConvertWorker, convertToText, isConvertible } from "./convert/index.ts";

export const MAX_DOC_BYTES = 5 * 1024 * 1024;

import type { LoadError } from "./load-error.ts";
export type { LoadError };


export interface KnowledgeLoad {
  docs: ParsedDocument[];
  guides: Guide[];
  errors: LoadError[];
  warnings: string[];
}

const ManifestSchema = z.object({
  documents: z.array(
    z.object({
      id: z.string().min(1),
      file: z.string().min(1).optional(),
      title: z.string().min(1),
      issuer: z.string().nullable().optional(),
      docNumber: z.string().nullable().optional(),
      date: z.string().nullable().optional(),
      region: z.string().nullable().optional(),
    }),
  ),
});
type ManifestEntry = z.infer<typeof ManifestSchema>["documents"][number];

/** Decode strictly as UTF-8; on failure report the 1-based line of the first broken byte sequence. */
export function decodeUtf8(buf: Uint8Array): { text: string } | { line: number; message: string } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(buf);
    const bad = text.indexOf("\ufffd");
    if (bad === -1) return { text };
    return { line: text.slice(0, bad).split("\n").length, message: "文本含替换字符 U+FFFD(编码已损坏)" };
  } catch {
    const loose = new TextDecoder("utf-8").decode(buf);
    const bad = loose.indexOf("\ufffd");
    return { line: loose.slice(0, Math.max(0, bad)).split("\n").length, message: "不是有效的 UTF-8 编码(请另存为 UTF-8)" };
  }
}

/** Markdown to the plain layout the parser reads: "## 一、…" → "一、…", "- 1.…" → "1.…". */
function markdownToText(md: string): string {
  return md
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s{0,3}#{1,6}\s+/, "").replace(/^\s*[-*+]\s+/, "").replace(/\*\*([^*]+)\*\*/g, "$1"))
    .join("\n");
}

async function readManifest(dir: string, errors: LoadError[]): Promise<Map<string, ManifestEntry>> {
  const map = new Map<string, ManifestEntry>();
  let raw: string;
  try {
    raw = await readFile(join(dir, "manifest.json"), "utf8");
  } catch {
    return map;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    errors.push({ file: "manifest.json", message: `JSON 格式错误: ${(e as Error).message}` });
    return map;
  }
  const r = ManifestSchema.safeParse(json);
  if (!r.success) {
    for (const i of r.error.issues) errors.push({ file: "manifest.json", field: i.path.map(String).join("."), message: i.message });
    return map;
  }
  for (const d of r.data.documents) map.set(d.id, d);
  return map;
}

/** The size always, the bytes only when the file is within the limit: a 50 MB file is never read. */
// Never rejects: reads run ahead of the loop that awaits them, so a failure must wait its turn.
async function readIfSmall(path: string): Promise<{ size: number; bytes: Buffer | null; error?: string }> {
  try {
    const size = (await stat(path)).size;
    return { size, bytes: size > MAX_DOC_BYTES ? null : await readFile(path) };
  } catch (e) {
    return { size: 0, bytes: null, error: (e as Error).message };
  }
}

async function loadDocument(file: string, read: { size: number; bytes: Buffer | null; error?: string }, manifest: Map<string, ManifestEntry>, out: KnowledgeLoad, texts: Map<string, string>, worker: () => ConvertWorker): Promise<void> {
  const { size, bytes } = read;
  if (read.error) {
    out.errors.push({ file, message: `无法读取:${read.error}` });
    return;
  }
  if (!bytes) {
    out.errors.push({ file, message: `文件过大(${size} 字节,上限 ${MAX_DOC_BYTES} 字节)` });
    return;
  }
  // .docx/.pdf become text first, then go through the same checks and parser as a .txt.
  const decoded: { text: string } | { line?: number; message: string } = isConvertible(file) ? await convertToText(file, bytes, worker()) : decodeUtf8(bytes);
  if (!("text" in decoded)) {
    out.errors.push(decoded.line ? { file, line: decoded.line, message: decoded.message } : { file, message: decoded.message });
    return;
  }
  let text = decoded.text.replace(/^\ufeff/, "");
  if (text.trim() === "") {
    out.errors.push({ file, message: "文件为空" });
    return;
  }
  if (extname(file).toLowerCase() === ".md") text = markdownToText(text);
  const id = basename(file, extname(file));
  const twin = out.docs.find((d) => d.meta.id === id);
  if (twin) {
    out.errors.push({ file, message: `与 ${twin.meta.file} 同名（文档编号 ${id} 重复），请删除或改名其中一个` });
    return;
  }
  const entry = manifest.get(id) ?? [...manifest.values()].find((e) => e.file === file);
  // What the document says about itself; the manifest, when it has an entry, has the last word.
  const traditional = looksTraditional(text);
  const stated = readMeta(traditional ? toSimplified(text).text : text);
  const meta: DocumentMeta = {
    id,
    file,
    title: entry?.title ?? stated.title ?? id,
    issuer: entry?.issuer !== undefined ? entry.issuer : stated.issuer,
    docNumber: entry?.docNumber !== undefined ? entry.docNumber : stated.docNumber,
    date: entry?.date !== undefined ? entry.date : stated.date,
    region: entry?.region !== undefined ? entry.region : stated.region,
  };
  const doc = parseDocument(text, meta, { traditional });
  if (doc.measures.length === 0) {
    out.errors.push({ file, message: "没有可载入的正文（文件中只有标题或页面信息）" });
    return;
  }
  if (!entry && !stated.title) doc.warnings.push("未识别出文件标题，暂用文件名；可在 manifest.json 中填写");
  out.docs.push(doc);
  texts.set(id, text);
  for (const w of doc.warnings) out.warnings.push(`${file}: ${w}`);
}

export async function loadKnowledgeDir(dir: string): Promise<KnowledgeLoad> {
  const out: KnowledgeLoad = { docs: [], guides: [], errors: [], warnings: [] };
  const manifest = await readManifest(dir, out.errors);
  const texts = new Map<string, string>();
  const entries = await readdir(dir, { withFileTypes: true });
  const docFiles = entries.filter((e) => e.isFile() && /\.(txt|md|docx|pdf|html?)$/i.test(e.name)).map((e) => e.name).sort();
  // Reads run ahead of parsing, so file I/O overlaps the CPU work instead of waiting in turn.
  const reads = docFiles.map((file) => readIfSmall(join(dir, file)));
  // One conversion worker for the whole folder, started only if a .docx or .pdf is there.
  let worker: ConvertWorker | null = null;
  const getWorker = () => (worker ??= new ConvertWorker());
  try {
    for (let i = 0; i < docFiles.length; i++) await loadDocument(docFiles[i], await reads[i], manifest, out, texts, getWorker);
  } finally {
    await (worker as ConvertWorker | null)?.close();
  }
  for (const id of manifest.keys()) {
    if (!texts.has(id) && !docFiles.some((f) => basename(f, extname(f)) === id)) out.warnings.push(`manifest.json: 文档 ${id} 没有对应文件`);
  }

  let guideFiles: string[] = [];
  try {
    guideFiles = (await readdir(join(dir, "guides"))).filter((f) => f.endsWith(".json")).sort();
  } catch {
    guideFiles = [];
  }
  // Only documents a guide quotes are normalized for the check, once each.
  const normalized = new Map<string, string>();
  const normalizedText = (id: string): string | undefined => {
    const raw = texts.get(id);
    if (raw === undefined) return undefined;
    let n = normalized.get(id);
    if (n === undefined) normalized.set(id, (n = normalizeText(raw)));
    return n;
  };
  for (const f of guideFiles) {
    const file = `guides/${f}`;
    const { guide, errors } = parseGuide(await readFile(join(dir, "guides", f), "utf8"), file);
    out.errors.push(...errors);
    if (!guide) continue;
    // A guide may only state what a loaded document says, word for word.
    const bad = guideQuotes(guide).filter((q) => !normalizedText(q.doc)?.includes(normalizeText(q.quote)));
    for (const q of bad) {
      out.errors.push({ file, field: `${q.element}.source.quote`, message: texts.has(q.doc) ? `引文不在文档 ${q.doc} 中` : `文档 ${q.doc} 不存在` });
    }
    // And its stated value may not carry a time limit, date or percentage its own quote lacks.
    const invented = guideValues(guide).flatMap((v) => unsupportedFacts(v.value, [{ doc: "", title: "", section: "", text: v.quote }]).map((f) => ({ ...v, f })));
    for (const v of invented) out.errors.push({ file, field: `${v.element}.value`, message: `「${v.f}」不在所引原文中` });
    if (bad.length === 0 && invented.length === 0) out.guides.push(guide);
  }
  return out;
}
