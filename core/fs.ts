// Durable file replacement: write beside, fsync, rename. A crash mid-write leaves the old file whole,
// and a reader in another process never sees half a file. One helper for every state file we keep.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from "node:fs";
import { mkdir, open, rename } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

// Hidden and ending in .tmp beside the target: same file system (rename is atomic), and no folder
// scan (documents, rule files) mistakes it for content.
const tmpOf = (path: string) => join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);

export interface AtomicWriteOptions {
  /** File mode of a new file, e.g. 0o600 for secrets. */
  mode?: number;
  /** Create missing parent folders (default true). */
  mkdirs?: boolean;
}

export function writeFileAtomicSync(path: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): void {
  if (o.mkdirs !== false) mkdirSync(dirname(path), { recursive: true });
  const tmp = tmpOf(path);
  writeFileSync(tmp, data, { mode: o.mode });
  const fd = openSync(tmp, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): Promise<void> {
  if (o.mkdirs !== false) await mkdir(dirname(path), { recursive: true });
  const tmp = tmpOf(path);
  const fh = await open(tmp, "w", o.mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}
