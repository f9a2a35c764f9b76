// .docx → plain text. mammoth gives one paragraph per block separated by blank lines; the parser
// reads one item per line, so blank runs collapse to single line breaks.
import mammoth from "mammoth";

export async function docxToText(bytes: Uint8Array): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  return value.replace(/\r\n?/g, "\n").replace(/\n{2,}/g, "\n");
}
