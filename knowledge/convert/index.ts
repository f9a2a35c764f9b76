// Office and PDF documents → the plain text the policy parser reads. Every failure becomes one
// message for the administrator (the caller adds the file name), never an exception.
import { extname } from "node:path";
import { docxToText } from "./docx.ts";
import { pdfToText } from "./pdf.ts";

export const CONVERTIBLE = [".docx", ".pdf"] as const;

export function isConvertible(file: string): boolean {
  return (CONVERTIBLE as readonly string[]).includes(extname(file).toLowerCase());
}

export type Converted = { text: string } | { message: string };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46]; // %PDF

const startsWith = (b: Uint8Array, magic: number[]) => magic.every((x, i) => b[i] === x);

export async function convertToText(file: string, bytes: Uint8Array): Promise<Converted> {
  const ext = extname(file).toLowerCase();
  try {
    if (ext === ".docx") {
      if (!startsWith(bytes, ZIP_MAGIC)) return { message: "不是有效的 .docx 文件（文件头不是 ZIP 格式；旧版 .doc 请另存为 .docx）" };
      return { text: await docxToText(bytes) };
    }
    if (ext === ".pdf") {
      if (!startsWith(bytes, PDF_MAGIC)) return { message: "不是有效的 PDF 文件（缺少 %PDF 文件头）" };
      const text = await pdfToText(bytes);
      if (!text.trim()) return { message: "PDF 中没有可提取的文字（可能是扫描件，请提供文字版或先做文字识别）" };
      return { text };
    }
    return { message: `不支持的文件类型 ${ext}` };
  } catch (e) {
    const kind = ext === ".docx" ? "Word 文档" : "PDF 文件";
    return { message: `${kind}已损坏或无法读取：${(e as Error).message}` };
  }
}
