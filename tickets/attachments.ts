// Pictures, files and voice a complainant sends for a ticket: kept under
// <dataDir>/attachments/<ticket>/, size-limited, and accepted only when the bytes are what they say
// (magic numbers, not the name: a ".jpg" that is an executable is refused).
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeFileAtomicSync } from "../core/fs.ts";
import { TICKET_ID_RE } from "./store.ts";

import type { AttachmentKind, AttachmentMeta } from "./types.ts";

export type { AttachmentKind, AttachmentMeta };

export class AttachmentRejectedError extends Error {
  constructor(
    readonly reason: "too_large" | "type" | "empty",
    message: string,
  ) {
    super(message);
    this.name = "AttachmentRejectedError";
  }
}

interface Sniffed {
  type: string;
  ext: string;
  kind: AttachmentKind;
}

const startsWith = (b: Buffer, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, s: string, at = 0) => b.subarray(at, at + s.length).toString("latin1") === s;

/** The type of a file from its first bytes; null for anything the service does not keep. */
export function sniff(b: Buffer): Sniffed | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { type: "image/jpeg", ext: "jpg", kind: "image" };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { type: "image/png", ext: "png", kind: "image" };
  if (ascii(b, "GIF87a") || ascii(b, "GIF89a")) return { type: "image/gif", ext: "gif", kind: "image" };
  if (ascii(b, "RIFF") && ascii(b, "WEBP", 8)) return { type: "image/webp", ext: "webp", kind: "image" };
  if (ascii(b, "BM") && b.length > 14) return { type: "image/bmp", ext: "bmp", kind: "image" };
  if (ascii(b, "ftypheic", 4) || ascii(b, "ftypheix", 4) || ascii(b, "ftypmif1", 4)) return { type: "image/heic", ext: "heic", kind: "image" };
  if (ascii(b, "%PDF-")) return { type: "application/pdf", ext: "pdf", kind: "file" };
  // Office Open XML (docx/xlsx/pptx) and other zip containers; OLE2 for old .doc/.xls.
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return { type: "application/zip", ext: "zip", kind: "file" };
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { type: "application/x-ole-storage", ext: "doc", kind: "file" };
  if (ascii(b, "#!AMR")) return { type: "audio/amr", ext: "amr", kind: "voice" };
  if (ascii(b, "#!SILK") || ascii(b, "\x02#!SILK")) return { type: "audio/silk", ext: "silk", kind: "voice" };
  if (ascii(b, "ID3") || startsWith(b, [0xff, 0xfb])) return { type: "audio/mpeg", ext: "mp3", kind: "voice" };
  if (ascii(b, "OggS")) return { type: "audio/ogg", ext: "ogg", kind: "voice" };
  if (ascii(b, "RIFF") && ascii(b, "WAVE", 8)) return { type: "audio/wav", ext: "wav", kind: "voice" };
  if (ascii(b, "ftyp", 4)) return { type: "video/mp4", ext: "mp4", kind: "video" };
  return null;
}

/** A name safe on every file system and in a Content-Disposition: no path, no control characters. */
export function cleanName(name: string | undefined, fallback: string): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "").replace(/^\.+/, "").trim().slice(0, 80);
  return clean || fallback;
}

export interface AttachmentStoreOptions {
  dir: string;
  maxBytes: number;
  now?: () => Date;
}

export class AttachmentStore {
  readonly maxBytes: number;
  constructor(private readonly o: AttachmentStoreOptions) {
    this.maxBytes = o.maxBytes;
  }

  private folder(ticketId: string): string {
    // The ticket number names a folder: only a well-formed number may, so no path escapes the store.
    if (!TICKET_ID_RE.test(ticketId)) throw new Error(`not a ticket id: ${ticketId}`);
    return resolve(this.o.dir, ticketId);
  }

  /** Checks and writes the bytes; throws AttachmentRejectedError with the reason otherwise. */
  save(ticketId: string, a: { kind: AttachmentKind; name?: string; bytes: Buffer }): AttachmentMeta {
    if (!a.bytes.length) throw new AttachmentRejectedError("empty", "empty file");
    if (a.bytes.length > this.maxBytes) throw new AttachmentRejectedError("too_large", `larger than ${this.maxBytes} bytes`);
    const found = sniff(a.bytes);
    if (!found) throw new AttachmentRejectedError("type", "unrecognised file type");
    const at = (this.o.now?.() ?? new Date()).toISOString();
    const id = `A${Date.parse(at).toString(36)}${randomBytes(3).toString("hex")}`;
    const typeName = { image: "图片", file: "文件", voice: "语音", video: "视频" }[found.kind];
    const name = cleanName(a.name, `${typeName}.${found.ext}`);
    const file = `${id}.${found.ext}`;
    const dir = this.folder(ticketId);
    mkdirSync(dir, { recursive: true });
    writeFileAtomicSync(join(dir, file), a.bytes);
    return { id, kind: found.kind, name, type: found.type, size: a.bytes.length, sha256: createHash("sha256").update(a.bytes).digest("hex"), at, file };
  }

  /** The bytes of one stored attachment, or null. */
  read(ticketId: string, meta: Pick<AttachmentMeta, "file">): Buffer | null {
    if (!/^A[a-z0-9]+\.[a-z0-9]+$/.test(meta.file)) return null;
    const p = join(this.folder(ticketId), meta.file);
    return existsSync(p) ? readFileSync(p) : null;
  }
}
