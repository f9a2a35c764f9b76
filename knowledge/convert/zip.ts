// What a .docx (a ZIP) says it holds, read from its central directory without inflating anything:
// a 150 KB file can declare 50 MB of paragraphs, and the converter must refuse it before it tries.
// The worker's memory cap (convert/worker.ts) catches an archive that lies about its sizes.

export const MAX_ZIP_ENTRIES = 1000;
/** All parts together, media included. */
export const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;
/** The XML parts (document, styles, numbering…): what mammoth parses into memory. */
export const MAX_XML_BYTES = 16 * 1024 * 1024;

export interface ZipSummary {
  entries: number;
  unzipped: number;
  xml: number;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;

/** The archive's declared contents, or a Chinese message saying why it is refused. */
export function inspectZip(b: Uint8Array): ZipSummary | { message: string } {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // The end record sits in the last 22 bytes plus a comment of up to 65,535.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (v.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { message: "Word 文档已损坏或无法读取：找不到 ZIP 目录（文件可能不完整）" };
  const total = v.getUint16(eocd + 10, true);
  const cdOffset = v.getUint32(eocd + 16, true);
  if (total === 0xffff || cdOffset === 0xffffffff) return { message: "Word 文档结构异常（ZIP64 格式），请用 Word 另存为普通 .docx 后再上传" };
  if (total > MAX_ZIP_ENTRIES) return { message: `Word 文档内部文件过多（${total} 个，上限 ${MAX_ZIP_ENTRIES}），不像正常的政策文件` };
  let p = cdOffset;
  let unzipped = 0;
  let xml = 0;
  const dec = new TextDecoder();
  for (let k = 0; k < total; k++) {
    if (p + 46 > b.length || v.getUint32(p, true) !== CEN) return { message: "Word 文档已损坏或无法读取：ZIP 目录不完整" };
    const size = v.getUint32(p + 24, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    const name = dec.decode(b.subarray(p + 46, p + 46 + nameLen));
    if (size === 0xffffffff) return { message: "Word 文档结构异常（ZIP64 条目），请另存为普通 .docx 后再上传" };
    unzipped += size;
    if (/\.(xml|rels)$/i.test(name)) xml += size;
    p += 46 + nameLen + extraLen + commentLen;
  }
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (xml > MAX_XML_BYTES) return { message: `Word 文档解压后正文过大（${mb(xml)}，上限 ${mb(MAX_XML_BYTES)}），请拆分后再上传` };
  if (unzipped > MAX_UNZIPPED_BYTES) return { message: `Word 文档解压后过大（${mb(unzipped)}，上限 ${mb(MAX_UNZIPPED_BYTES)}），请删除其中的大图片或拆分后再上传` };
  return { entries: total, unzipped, xml };
}
