// .docx and .pdf documents made by the test go through the converters and the same parser as
// their plain text, and come out as the same measures with the same facts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convertToText } from "../../knowledge/convert/index.ts";
import { loadKnowledgeDir } from "../../knowledge/load.ts";
import { makeDocx } from "../fixtures/make-docx.ts";
import { makePdf } from "../fixtures/make-pdf.ts";

const LINES = [
  "关于优化营商环境的若干措施",
  "一、工作任务",
  "1.优化企业开办服务,全面实现企业开办1日办结。(责任单位:市场监管局)",
  "2.推进用水报装,无外线工程不超过3个工作日。(责任单位:建设局)",
  "二、保障措施",
  "(一)每季度召开一次政企座谈会,2024年底前实现政务服务事项全程网办率达到90%。(责任单位:投服中心、大数据局)",
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zwb-convert-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function loadOne(name: string, bytes: Uint8Array | string) {
  const d = await mkdtemp(join(dir, "kb-"));
  await writeFile(join(d, name), bytes);
  return loadKnowledgeDir(d);
}

const shape = (r: Awaited<ReturnType<typeof loadKnowledgeDir>>) =>
  r.docs[0].measures.map((m) => ({ path: m.path, text: m.text, facts: m.facts }));

describe("document converters", () => {
  it("extracts the lines of a .docx and a .pdf", async () => {
    const docx = await convertToText("a.docx", await makeDocx(LINES));
    const pdf = await convertToText("a.pdf", makePdf(LINES));
    const lines = (r: typeof docx) => ("text" in r ? r.text.split("\n").map((l) => l.trim()).filter(Boolean) : [r.message]);
    expect(lines(docx)).toEqual(LINES);
    // The PDF is typeset with wrapped lines: same characters, one more line break.
    expect(lines(pdf).join("")).toEqual(LINES.join(""));
    expect(lines(pdf).length).toBeGreaterThan(LINES.length);
  });

  it("a .docx and a .pdf give the same measures and facts as their text", async () => {
    const txt = await loadOne("policy.txt", `${LINES.join("\n")}\n`);
    const docx = await loadOne("policy.docx", await makeDocx(LINES));
    const pdf = await loadOne("policy.pdf", makePdf(LINES));
    for (const r of [txt, docx, pdf]) expect(r.errors).toEqual([]);
    expect(shape(txt).length).toBe(3);
    expect(txt.docs[0].measures.some((m) => m.facts.timeLimits.length > 0)).toBe(true);
    expect(shape(docx)).toEqual(shape(txt));
    expect(shape(pdf)).toEqual(shape(txt));
    expect(docx.docs[0].meta.title).toBe("关于优化营商环境的若干措施");
    expect(pdf.docs[0].meta.file).toBe("policy.pdf");
  });

  it("names the file and the problem for a corrupt .docx, a corrupt .pdf, a fake .docx and a PDF without text", async () => {
    const docx = await makeDocx(LINES);
    const cases: [string, Uint8Array, RegExp][] = [
      ["cut.docx", docx.subarray(0, Math.floor(docx.length / 2)), /Word 文档已损坏/],
      ["old.docx", Buffer.from("\xd0\xcf\x11\xe0 an old binary .doc", "latin1"), /不是有效的 \.docx/],
      ["cut.pdf", makePdf(LINES).subarray(0, 200), /PDF/],
      ["fake.pdf", Buffer.from("hello"), /缺少 %PDF/],
      ["scan.pdf", makePdf([]), /没有可提取的文字/],
    ];
    for (const [name, bytes, msg] of cases) {
      const r = await loadOne(name, bytes);
      expect(r.docs, name).toEqual([]);
      expect(r.errors, name).toHaveLength(1);
      expect(r.errors[0].file).toBe(name);
      expect(r.errors[0].message).toMatch(msg);
    }
  });

  it("rejects a .docx beside a .txt of the same name instead of loading one twice", async () => {
    const d = await mkdtemp(join(dir, "twin-"));
    await writeFile(join(d, "p.txt"), LINES.join("\n"));
    await writeFile(join(d, "p.docx"), await makeDocx(LINES));
    const r = await loadKnowledgeDir(d);
    expect(r.errors).toEqual([{ file: "p.txt", message: expect.stringMatching(/p\.docx.*重复/) }]);
  });
});
