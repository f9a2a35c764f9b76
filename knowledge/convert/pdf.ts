// .pdf → plain text with unpdf (pdf.js). A scanned PDF has no text layer; it comes back empty and
// is rejected by the caller as such rather than silently loading nothing.
import { extractText, getDocumentProxy } from "unpdf";

export async function pdfToText(bytes: Uint8Array): Promise<string> {
  // pdf.js detaches the buffer it is given; copy so the caller's bytes stay usable.
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  try {
    const { text } = await extractText(pdf, { mergePages: true });
    return text.replace(/\r\n?/g, "\n");
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}
