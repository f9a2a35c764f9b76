// The last good knowledge base, persisted in the data folder: its documents (measures with their
// facts), guides and version. The search index is rebuilt from them at start-up in well under a
// second, so a bot whose knowledge folder cannot be read at all still answers as it last did.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Logger } from "../core/log.ts";
import { writeFileAtomic } from "../core/fs.ts";
import type { ParsedDocument } from "./types.ts";
import type { Guide } from "./guides/schema.ts";

const FORMAT = 1;

export interface Snapshot {
  format: number;
  version: string;
  builtAt: string;
  dir: string;
  docs: ParsedDocument[];
  guides: Guide[];
  warnings: string[];
}

// The payload was written by this code; the check only guards against a truncated or foreign file.
const SnapshotShape = z.object({
  format: z.literal(FORMAT),
  version: z.string().min(1),
  builtAt: z.string(),
  dir: z.string(),
  docs: z.array(z.object({ meta: z.object({ id: z.string() }).passthrough(), measures: z.array(z.unknown()), warnings: z.array(z.string()) }).passthrough()),
  guides: z.array(z.unknown()),
  warnings: z.array(z.string()),
});

export async function writeSnapshot(file: string, kb: { version: string; builtAt: string; dir: string; docs: ParsedDocument[]; guides: Guide[]; warnings: string[] }, log: Logger): Promise<void> {
  const snap: Snapshot = { format: FORMAT, version: kb.version, builtAt: kb.builtAt, dir: kb.dir, docs: kb.docs, guides: kb.guides, warnings: kb.warnings };
  try {
    await writeFileAtomic(file, JSON.stringify(snap));
  } catch (err) {
    // Serving goes on without it; only a later outage of the knowledge folder would miss it.
    log.warn({ err, file }, "knowledge-base snapshot not written");
  }
}

export async function readSnapshot(file: string, log: Logger): Promise<Snapshot | null> {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch {
    return null;
  }
  try {
    const r = SnapshotShape.safeParse(JSON.parse(raw));
    if (r.success) return r.data as unknown as Snapshot;
    log.warn({ file, issue: r.error.issues[0] }, "knowledge-base snapshot unreadable");
  } catch (err) {
    log.warn({ err, file }, "knowledge-base snapshot unreadable");
  }
  return null;
}
