// Office and PDF documents → the plain text the policy parser reads. Every failure becomes one
// message for the administrator (the caller adds the file name), never an exception, and no
// document can take the process down: sizes are checked before anything is inflated, and the
// conversion itself runs in a capped worker (worker.ts).
import { extname } from "node:path";
import { htmlToText } from "./html.ts";
import { inspectZip } from "./zip.ts";
import { ConvertWorker } from "./worker.ts";

export const CONVERTIBLE = [".docx", ".pdf", ".html", ".htm"] as const;

/** A saved web page: UTF-8, or the GBK/GB2312/GB18030 its <meta charset> names. */
function htmlPage(bytes: Uint8Array): Converted {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  const charset = /charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase() ?? "utf-8";
  const enc = /^(gb2312|gbk|gb18030)$/.test(charset) ? "gb18030" : "utf-8";
  try {
    const html = new TextDecoder(enc, { fatal: true }).decode(bytes);
    const text = htmlToText(html);
    return text.trim() ? { text } : { message: "网页中没有可提取的文字" };
  } catch {
    return { message: `网页编码无效（声明为 ${charset}），请另存为 UTF-8` };
  }
}

export function isConvertible(file: string): boolean {
  return (CONVERTIBLE as readonly string[]).includes(extname(file).toLowerCase());
}

export type Converted = { text: string } | { message: string };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46]; // %PDF

const startsWith = (b: Uint8Array, magic: number[]) => magic.every((x, i) => b[i] === x);

/** `worker` lets a batch share one worker; without it a worker is started for this file alone. */
export async function convertToText(file: string, bytes: Uint8Array, worker?: ConvertWorker): Promise<Converted> {
  const ext = extname(file).toLowerCase();
  if (ext === ".docx") {
    if (!startsWith(bytes, ZIP_MAGIC)) return { message: "不是有效的 .docx 文件（文件头不是 ZIP 格式；旧版 .doc 请另存为 .docx）" };
    const zip = inspectZip(bytes);
    if ("message" in zip) return zip;
  } else if (ext === ".html" || ext === ".htm") {
    return htmlPage(bytes);
  } else if (ext === ".pdf") {
    if (!startsWith(bytes, PDF_MAGIC)) return { message: "不是有效的 PDF 文件（缺少 %PDF 文件头）" };
  } else return { message: `不支持的文件类型 ${ext}` };
  const own = worker ? null : new ConvertWorker();
  try {
    const r = await (worker ?? own!).convert(ext === ".docx" ? "docx" : "pdf", bytes);
    const kind = ext === ".docx" ? "Word 文档" : "PDF 文件";
    if (!r.ok) return { message: r.message.startsWith("损坏") ? `${kind}已${r.message}` : `${kind}：${r.message}` };
    const text = ext === ".docx" ? htmlToText(r.out) : r.out.replace(/\r\n?/g, "\n");
    if (ext === ".pdf" && !text.trim()) return { message: "PDF 中没有可提取的文字（可能是扫描件，请提供文字版或先做文字识别）" };
    return { text };
  } finally {
    await own?.close();
  }
}

export { ConvertWorker } from "./worker.ts";
