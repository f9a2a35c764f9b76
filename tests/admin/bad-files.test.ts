// A bad file dropped into the knowledge folder is rejected with the file and line or field named,
// and the version that was serving keeps answering.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { KnowledgeService } from "../../knowledge/service.ts";
import { MAX_DOC_BYTES } from "../../knowledge/load.ts";
import { makeDocx } from "../fixtures/make-docx.ts";
import { copyCorpus, silent, tempDir } from "./helpers.ts";

let root: string;
let kb: KnowledgeService;
let serving: string;
beforeAll(async () => {
  root = await tempDir("badfiles");
  await copyCorpus(root);
  kb = new KnowledgeService(root, silent);
  const r = await kb.reload();
  expect(r.ok).toBe(true);
  serving = r.version;
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function withBadFile(rel: string, bytes: Uint8Array | string) {
  await writeFile(join(root, rel), bytes);
  try {
    const report = await kb.reload();
    const answer = await kb.ask("企业开办多长时间能办结？");
    return { report, answer };
  } finally {
    await rm(join(root, rel), { force: true });
  }
}

function expectOldServing(r: Awaited<ReturnType<typeof withBadFile>>) {
  expect(r.report.ok).toBe(false);
  expect(r.report.version).toBe(serving);
  expect(r.report.previousVersion).toBe(serving);
  expect(kb.version).toBe(serving);
  expect(r.answer.version).toBe(serving);
  expect(r.answer.citations.length).toBeGreaterThan(0);
}

describe("bad files are rejected, the old version keeps serving", () => {
  it("an empty file", async () => {
    const r = await withBadFile("empty.txt", "");
    expectOldServing(r);
    expect(r.report.errors).toEqual([{ file: "empty.txt", message: "文件为空" }]);
  });

  it("broken UTF-8 names the line", async () => {
    const good = Buffer.from("关于测试的通知\n一、工作任务\n1.第一条措施。\n", "utf8");
    const bytes = Buffer.concat([good, Buffer.from([0xe4, 0xb8]), Buffer.from("坏了\n2.第二条。\n", "utf8")]);
    const r = await withBadFile("broken.txt", bytes);
    expectOldServing(r);
    expect(r.report.errors).toHaveLength(1);
    expect(r.report.errors[0]).toMatchObject({ file: "broken.txt", line: 4 });
    expect(r.report.errors[0].message).toMatch(/UTF-8/);
  });

  it("a GBK file (another encoding) names the first line", async () => {
    // "一、工作任务" in GBK
    const gbk = Buffer.from([0xd2, 0xbb, 0xa1, 0xa2, 0xb9, 0xa4, 0xd7, 0xf7, 0xc8, 0xce, 0xce, 0xf1, 0x0a]);
    const r = await withBadFile("gbk.txt", gbk);
    expectOldServing(r);
    expect(r.report.errors[0]).toMatchObject({ file: "gbk.txt", line: 1 });
  });

  it("a guide failing its schema names the field path", async () => {
    const guide = JSON.parse(await readFile(join(root, "guides", "qiye-kaiban.json"), "utf8"));
    guide.id = "kaiban-copy";
    guide.promisedLimit = { value: "", source: { doc: "xuwei-2021-zuofeng-jianshe", label: "8" } };
    const r = await withBadFile("guides/kaiban-copy.json", JSON.stringify(guide));
    expectOldServing(r);
    const fields = r.report.errors.map((e) => `${e.file} ${e.field}`);
    expect(fields).toEqual(expect.arrayContaining(["guides/kaiban-copy.json promisedLimit.value", "guides/kaiban-copy.json promisedLimit.source.quote"]));
  });

  it("a file over the size limit", async () => {
    const r = await withBadFile("huge.txt", Buffer.alloc(MAX_DOC_BYTES + 1, 0x41));
    expectOldServing(r);
    expect(r.report.errors).toEqual([{ file: "huge.txt", message: expect.stringContaining(`上限 ${MAX_DOC_BYTES}`) }]);
  });

  it("a corrupt .docx", async () => {
    const docx = await makeDocx(["一、工作任务", "1.优化企业开办服务。"]);
    const r = await withBadFile("corrupt.docx", docx.subarray(0, docx.length - 40));
    expectOldServing(r);
    expect(r.report.errors).toHaveLength(1);
    expect(r.report.errors[0].file).toBe("corrupt.docx");
    expect(r.report.errors[0].message).toMatch(/Word 文档已损坏/);
  });

  it("after the bad files are gone the same folder reloads fine", async () => {
    const r = await kb.reload();
    expect(r.ok).toBe(true);
    expect(r.version).toBe(serving);
  });
});
