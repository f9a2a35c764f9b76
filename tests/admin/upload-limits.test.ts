// Issue 12 finding 5: a small .docx that unpacks to 50 MB must not kill the bot through the admin
// upload. Declared sizes and entry counts are checked before anything is inflated; conversion runs
// in a worker with a heap cap and a time cap; the staging folder is gone on every path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, mkdir, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import type { ServerType } from "@hono/node-server";
import { buildRoot, type Root } from "../../bot/root/index.ts";
import { createApp } from "../../bot/app.ts";
import { startHttp } from "../../bot/channels/local/http.ts";
import { sweepStaleStaging } from "../../bot/admin/kb-upload.ts";
import { inspectZip, MAX_ZIP_ENTRIES } from "../../knowledge/convert/zip.ts";
import { ConvertWorker } from "../../knowledge/convert/worker.ts";
import { makeDocx } from "../fixtures/make-docx.ts";
import { ADMIN_TOKEN, CONFIG_DIR, copyCorpus, silent, tempDir, testConfig } from "./helpers.ts";

/** A .docx whose document.xml holds `mb` megabytes of paragraphs (it compresses to a few hundred KB). */
async function bomb(mb: number): Promise<Buffer> {
  const para = `<w:p><w:r><w:t>${"优化营商环境".repeat(60)}</w:t></w:r></w:p>`;
  const body = para.repeat(Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(para)));
  const zip = await JSZip.loadAsync(await makeDocx(["x"]));
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

const stagingDirs = async () => (await readdir(tmpdir())).filter((n) => n.startsWith(`zwb-kb-stage-${process.pid}-`));

describe("the archive check", () => {
  it("refuses 50 MB of paragraphs in a small .docx before inflating it, and too many entries", async () => {
    const b = await bomb(50);
    expect(b.length).toBeLessThan(5 * 1024 * 1024);
    const r = inspectZip(b);
    expect(r).toEqual({ message: expect.stringMatching(/解压后正文过大（50\.\d MB，上限 16\.0 MB）/) });
    const many = new JSZip();
    for (let i = 0; i <= MAX_ZIP_ENTRIES; i++) many.file(`f${i}.txt`, "x");
    expect(inspectZip(await many.generateAsync({ type: "nodebuffer" }))).toEqual({ message: expect.stringContaining("内部文件过多") });
    expect(inspectZip(await makeDocx(["一、工作任务"]))).toMatchObject({ entries: 5, xml: expect.any(Number) });
  });

  it("a conversion over its heap cap or its time ends the worker, not the process, with a message", async () => {
    const small = new ConvertWorker({ heapMb: 16, timeoutMs: 60_000, maxChars: 1 << 24, maxPdfPages: 10 });
    const oom = await small.convert("docx", await bomb(12));
    expect(oom).toEqual({ ok: false, message: expect.stringContaining("超出内存上限") });
    // The next document gets a fresh worker.
    const after = await small.convert("docx", await makeDocx(["一、工作任务", "1.优化服务。"]));
    expect(after.ok).toBe(true);
    await small.close();
    const slow = new ConvertWorker({ heapMb: 256, timeoutMs: 30, maxChars: 1 << 24, maxPdfPages: 10 });
    expect(await slow.convert("docx", await bomb(8))).toEqual({ ok: false, message: expect.stringContaining("转换超时") });
    await slow.close();
  }, 60_000);
});

describe("the admin upload", () => {
  let root: string;
  let w: Root;
  let server: ServerType;
  let base: string;
  beforeAll(async () => {
    root = await tempDir("uplimits");
    await copyCorpus(join(root, "kb"));
    await cp(CONFIG_DIR, join(root, "config"), { recursive: true });
    w = await buildRoot(testConfig({ ZWB_DATA_DIR: join(root, "data"), ZWB_KB_DIR: join(root, "kb"), ZWB_CONFIG_DIR: join(root, "config") }), silent);
    const started = await startHttp({ app: createApp(w.deps), root: w }, 0, "127.0.0.1");
    server = started.server;
    base = `http://127.0.0.1:${started.port}`;
  });
  afterAll(async () => {
    server.close();
    await w.close();
    await rm(root, { recursive: true, force: true });
  });

  it("a .docx that unpacks to 50 MB is refused with 422 and a clear message; the bot keeps serving; no staging left", async () => {
    const before = w.deps.kb.version;
    const res = await fetch(`${base}/api/admin/kb/documents?filename=${encodeURIComponent("炸弹.docx")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: await bomb(50),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { ok: boolean; report: { errors: { file: string; message: string }[] } };
    expect(body.ok).toBe(false);
    expect(body.report.errors).toEqual([{ file: "炸弹.docx", message: expect.stringContaining("解压后正文过大") }]);
    expect(w.deps.kb.version).toBe(before);
    expect(await stagingDirs()).toEqual([]);
    expect((await w.deps.kb.ask("企业开办多长时间能办结？")).grounded).toBe(true);
  }, 60_000);

  it("a staging folder left by a dead process is removed", async () => {
    const dead = join(tmpdir(), "zwb-kb-stage-999999-abc");
    await mkdir(dead, { recursive: true });
    expect(await sweepStaleStaging()).toContain("zwb-kb-stage-999999-abc");
  });
});
