// .docx and .pdf conversion off the main thread, in a worker_threads worker with a heap cap and a
// time cap: a document built to explode (50 MB of paragraphs in a 150 KB .docx, a PDF of endless
// pages) ends that worker — with a clear message for the administrator — never the bot, and the
// questions the bot is answering meanwhile are not stalled behind it.
//
// The worker's code is a string run with `eval: true`, so the same code runs under tsx, vitest and
// the esbuild bundle without a separate file to ship; the converters are required by the absolute
// paths resolved here.
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";

export interface ConvertLimits {
  /** The worker's old-generation heap, MB. */
  heapMb: number;
  /** Wall-clock cap per document, ms. */
  timeoutMs: number;
  /** Largest text (or HTML) a conversion may return, characters. */
  maxChars: number;
  maxPdfPages: number;
}

export const DEFAULT_LIMITS: ConvertLimits = { heapMb: 512, timeoutMs: 30_000, maxChars: 16 * 1024 * 1024, maxPdfPages: 1000 };

export type WorkerResult = { ok: true; out: string } | { ok: false; message: string };

const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const mammoth = require(workerData.mammoth);
const unpdf = require(workerData.unpdf);
const { maxChars, maxPdfPages } = workerData.limits;
async function docx(bytes) {
  // Images are never read: their bytes are not policy text, and base64 would bloat the HTML.
  const convertImage = mammoth.images.imgElement(async () => ({ src: "" }));
  const r = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { convertImage });
  return r.value;
}
async function pdf(bytes) {
  const doc = await unpdf.getDocumentProxy(new Uint8Array(bytes));
  try {
    if (doc.numPages > maxPdfPages) throw Object.assign(new Error("pages"), { zwb: "PDF 页数过多（" + doc.numPages + " 页，上限 " + maxPdfPages + " 页），请拆分后再上传" });
    const { text } = await unpdf.extractText(doc, { mergePages: true });
    return text;
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
parentPort.on("message", async ({ id, kind, bytes }) => {
  try {
    const out = kind === "docx" ? await docx(bytes) : await pdf(bytes);
    if (out.length > maxChars) parentPort.postMessage({ id, ok: false, message: "转换后的文字过多（" + out.length + " 字符，上限 " + maxChars + "），请拆分后再上传" });
    else parentPort.postMessage({ id, ok: true, out });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, message: e.zwb || ("损坏或无法读取：" + (e && e.message || String(e))) });
  }
});
`;

const require = createRequire(import.meta.url);

interface Job {
  id: number;
  resolve: (r: WorkerResult) => void;
  timer: NodeJS.Timeout;
}

/**
 * One worker, reused for a batch of documents (a reload converts every .docx/.pdf in the folder) and
 * replaced after a document that killed it. `close()` when the batch is done.
 */
export class ConvertWorker {
  private worker: Worker | null = null;
  private job: Job | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;

  constructor(private readonly limits: ConvertLimits = DEFAULT_LIMITS) {}

  convert(kind: "docx" | "pdf", bytes: Uint8Array): Promise<WorkerResult> {
    const run = this.queue.then(() => this.runOne(kind, bytes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private spawn(): Worker {
    const w = new Worker(WORKER_CODE, {
      eval: true,
      workerData: { mammoth: require.resolve("mammoth"), unpdf: require.resolve("unpdf"), limits: this.limits },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    w.unref();
    w.on("message", (m: { id: number } & WorkerResult) => {
      if (this.job?.id === m.id) this.finish(m.ok ? { ok: true, out: m.out } : { ok: false, message: m.message });
    });
    w.on("error", (err: Error & { code?: string }) => {
      const oom = err.code === "ERR_WORKER_OUT_OF_MEMORY" || /memory/i.test(err.message);
      this.finish({ ok: false, message: oom ? "文档展开后超出内存上限（内容过大或结构异常），已停止转换，请拆分或另存后再上传" : `转换失败：${err.message}` }, true);
    });
    w.on("exit", () => {
      if (this.worker === w) this.worker = null;
      this.finish({ ok: false, message: "转换进程意外退出，已停止转换" }, true);
    });
    return w;
  }

  private runOne(kind: "docx" | "pdf", bytes: Uint8Array): Promise<WorkerResult> {
    return new Promise((resolve) => {
      const worker = (this.worker ??= this.spawn());
      const id = ++this.seq;
      const timer = setTimeout(() => this.finish({ ok: false, message: `转换超时（超过 ${Math.round(this.limits.timeoutMs / 1000)} 秒），文档可能过大或结构异常` }, true), this.limits.timeoutMs);
      this.job = { id, resolve, timer };
      // A copy: the caller's bytes stay usable, and the transfer moves no shared memory.
      const copy = new Uint8Array(bytes);
      worker.postMessage({ id, kind, bytes: copy }, [copy.buffer]);
    });
  }

  /** Settles the running job; `kill` ends the worker (after a timeout, an OOM or a crash). */
  private finish(r: WorkerResult, kill = false): void {
    const job = this.job;
    if (kill && this.worker) {
      const w = this.worker;
      this.worker = null;
      void w.terminate();
    }
    if (!job) return;
    this.job = null;
    clearTimeout(job.timer);
    job.resolve(r);
  }
}
