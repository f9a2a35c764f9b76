// Upload of one document: written into a staging copy of ZWB_KB_DIR, the copy is built and
// validated exactly like a reload, and only when it passes is the file moved into ZWB_KB_DIR and
// the serving version swapped. On any failure the folder and the serving version stay as they were.
// The staging folder is removed on every path; one left by a process that died mid-upload (its pid
// is in the name) is removed by the next upload. A document built to explode in conversion is
// stopped by the converter's limits (knowledge/convert/zip.ts, worker.ts), never by this process dying.
import { cp, mkdtemp, mkdir, readFile, readdir, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import type { KnowledgeService, ReloadReport } from "../../knowledge/service.ts";
import { writeFileAtomic } from "../../core/fs.ts";

export const UPLOAD_TYPES = [".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".json"];

export class UploadNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UploadNameError";
  }
}

/** Where an uploaded name lands inside the KB folder: documents at the top, guide JSON under guides/. */
export function uploadTarget(filename: string): string {
  // Browsers send "C:\fakepath\x.docx"; keep only the last segment, never a path.
  const name = basename(filename.replaceAll("\\", "/")).normalize("NFC").trim();
  if (!name || name.startsWith(".") || /[\u0000-\u001f<>:"|?*]/.test(name)) throw new UploadNameError(`文件名无效：${filename}`);
  const ext = extname(name).toLowerCase();
  if (!UPLOAD_TYPES.includes(ext)) throw new UploadNameError(`不支持的文件类型 ${ext || "(无扩展名)"}；可上传 ${UPLOAD_TYPES.join(" ")}`);
  if (ext === ".json") return name === "manifest.json" ? name : `guides/${name}`;
  return name;
}

export interface UploadResult {
  ok: boolean;
  /** Path inside ZWB_KB_DIR, e.g. "guides/x.json". */
  file: string;
  replaced: boolean;
  report: ReloadReport;
}

// One upload at a time per process: two uploads validated separately could be invalid together.
let queue: Promise<unknown> = Promise.resolve();

const STAGE = "zwb-kb-stage-";
let swept = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Staging folders whose process is gone (named zwb-kb-stage-<pid>-…; unnamed ones after an hour). */
export async function sweepStaleStaging(dir: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(STAGE)) continue;
    const pid = Number(/^zwb-kb-stage-(\d+)-/.exec(name)?.[1]);
    const stale = pid ? pid !== process.pid && !alive(pid) : Date.now() - ((await stat(join(dir, name)).catch(() => null))?.mtimeMs ?? Date.now()) > 3600_000;
    if (!stale) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export function uploadDocument(kb: KnowledgeService, filename: string, bytes: Uint8Array): Promise<UploadResult> {
  if (!swept) {
    swept = true;
    void sweepStaleStaging();
  }
  const run = queue.then(() => stageAndApply(kb, uploadTarget(filename), bytes));
  queue = run.catch(() => undefined);
  return run;
}

async function stageAndApply(kb: KnowledgeService, rel: string, bytes: Uint8Array): Promise<UploadResult> {
  const kbDir = kb.directory;
  const staging = await mkdtemp(join(tmpdir(), `${STAGE}${process.pid}-`));
  try {
    await cp(kbDir, staging, { recursive: true });
    await mkdir(dirname(join(staging, rel)), { recursive: true });
    await writeFile(join(staging, rel), bytes);
    const checked = await kb.validate(staging);
    if (!checked.ok) return { ok: false, file: rel, replaced: false, report: checked };

    const target = join(kbDir, rel);
    const previous = await readFile(target).catch(() => null);
    // Write beside, then rename: a reload on another instance never reads a half-written file.
    await writeFileAtomic(target, bytes);
    const report = await kb.reload(kbDir, { origin: "upload" });
    if (!report.ok) {
      // The folder changed under us between validation and swap: put it back as it was.
      if (previous) await writeFile(target, previous);
      else await unlink(target).catch(() => undefined);
    }
    return { ok: report.ok, file: rel, replaced: previous !== null, report };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
