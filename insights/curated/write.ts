// Writing and removing curated entries: checked against the serving knowledge base first (Chinese
// errors naming the field), then written atomically as one file under ZWB_KB_DIR/faq/. The caller
// reloads (which re-validates the whole folder and tells the other instances) and audits.
import { unlink } from "node:fs/promises";
import { join, basename } from "node:path";
import { createHash } from "node:crypto";
import type { Measure } from "../../knowledge/types.ts";
import { writeFileAtomic } from "../../core/fs.ts";
import { checkEntry, type EntryIssue } from "./check.ts";
import { FAQ_DIR } from "./load.ts";
import type { CuratedEntry } from "./schema.ts";

export type WriteResult = { ok: true; file: string; entry: CuratedEntry } | { ok: false; issues: EntryIssue[] };

export const CURATED_ID = /^(phrasing|thesaurus|answer)-[0-9a-f]{10}$/;

export async function writeCurated(kbDir: string, raw: unknown, measures: readonly Measure[]): Promise<WriteResult> {
  const r = checkEntry(raw, new Map(measures.map((m) => [m.id, m])));
  if (!r.ok) return r;
  const e = r.entry;
  const id = `${e.kind}-${createHash("sha256").update(JSON.stringify({ ...e, at: undefined, by: undefined })).digest("hex").slice(0, 10)}`;
  const file = `${FAQ_DIR}/${id}.json`;
  await writeFileAtomic(join(kbDir, file), `${JSON.stringify(e, null, 2)}\n`);
  return { ok: true, file, entry: e };
}

/** Removes one entry file by its id; false when there is no such entry. */
export async function removeCurated(kbDir: string, id: string): Promise<boolean> {
  if (!CURATED_ID.test(id)) return false;
  try {
    await unlink(join(kbDir, FAQ_DIR, `${basename(id)}.json`));
    return true;
  } catch {
    return false;
  }
}
