import { mkdtemp, mkdir, rm, writeFile, copyFile, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledgeDir, MAX_DOC_BYTES } from "../../knowledge/load.ts";
import { GUIDE_ELEMENTS } from "../../knowledge/guides/schema.ts";
import { guideQuotes, parseGuide } from "../../knowledge/guides/load.ts";
import { normalizeText } from "../../core/text.ts";
import { CORPUS_DIR } from "./corpus.fixture.ts";

const DOC = "一、工作任务\n1.优化企业开办服务,全面实现企业开办1日办结。(责任单位:市场监管局)\n2.推进用水报装,不超过3个工作日。(责任单位:建设局)\n";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zwb-load-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fresh(name: string): Promise<string> {
  const d = join(dir, name);
  await mkdir(join(d, "guides"), { recursive: true });
  return d;
}

describe("loadKnowledgeDir on the shipped corpus", () => {
  it("loads every document and guide without errors; every guide quote is in its document", async () => {
    const r = await loadKnowledgeDir(CORPUS_DIR);
    expect(r.errors).toEqual([]);
    expect(r.docs.map((d) => d.meta.id).sort()).toEqual([
      "benqu-2024-fazhan-huanjing",
      "changxingdao-2021-yingshang-yaodian",
      "haicheng-2018-zhuanxiang-zhengzhi",
      "xuwei-2021-zuofeng-jianshe",
      "yancheng-2020-fangguanfu",
    ]);
    const shipped = (await readdir(join(CORPUS_DIR, "guides"))).filter((f) => f.endsWith(".json"));
    expect(r.guides).toHaveLength(shipped.length);
    expect(r.guides.map((g) => g.service)).toEqual(expect.arrayContaining(["企业开办", "用水用气报装", "建设用地预审和选址意见书", "管线工程路由审批", "起重机械告知登记"]));
    const kaiban = r.guides.find((g) => g.service === "企业开办")!;
    expect(kaiban.promisedLimit?.value).toBe("1日办结");
    // Not stated by any policy: left null so the answer sends the user to the window.
    expect(kaiban.materials).toBeNull();
    expect(kaiban.statutoryLimit).toBeNull();
    for (const g of r.guides) for (const e of GUIDE_ELEMENTS) expect(g[e] === null || typeof g[e]?.value === "string").toBe(true);
    expect(r.warnings.every((w) => /\.txt: /.test(w))).toBe(true);
  });
});

describe("shipped guides", () => {
  it("every quote appears verbatim in its normalized document text", async () => {
    const files = (await readdir(join(CORPUS_DIR, "guides"))).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(5);
    let checked = 0;
    for (const f of files) {
      const { guide, errors } = parseGuide(await readFile(join(CORPUS_DIR, "guides", f), "utf8"), f);
      expect(errors, f).toEqual([]);
      for (const q of guideQuotes(guide!)) {
        const text = normalizeText(await readFile(join(CORPUS_DIR, `${q.doc}.txt`), "utf8"));
        expect(text, `${f} ${q.element}`).toContain(q.quote);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("loadKnowledgeDir rejections and metadata", () => {
  it("uses the first heading-like line as title when a file is not in the manifest; reads .md", async () => {
    const d = await fresh("meta");
    await writeFile(join(d, "a.txt"), `关于优化营商环境的若干措施\n${DOC}`);
    await writeFile(join(d, "b.md"), `# 测试办法\n\n## 一、工作任务\n\n- 1.每季度召开一次座谈会。(责任单位:投服中心)\n`);
    await writeFile(join(d, "manifest.json"), JSON.stringify({ documents: [{ id: "b", title: "清单里的标题", date: "2021-05-01" }] }));
    const r = await loadKnowledgeDir(d);
    expect(r.errors).toEqual([]);
    const a = r.docs.find((x) => x.meta.id === "a")!;
    expect(a.meta.title).toBe("关于优化营商环境的若干措施");
    expect(a.measures).toHaveLength(2);
    const b = r.docs.find((x) => x.meta.id === "b")!;
    expect(b.meta.title).toBe("清单里的标题");
    expect(b.measures[0].facts.recurring[0].every).toBe("quarter");
  });

  it("reports empty, non-UTF-8, U+FFFD, oversized and measure-less files per file", async () => {
    const d = await fresh("bad");
    await writeFile(join(d, "good.txt"), DOC);
    await writeFile(join(d, "empty.txt"), "  \n\n");
    const gbk = Buffer.concat([Buffer.from("一、工作任务\n第二行\n"), Buffer.from([0xb9, 0xa4, 0xd7, 0xf7, 0xff]), Buffer.from("\n")]);
    await writeFile(join(d, "gbk.txt"), gbk);
    await writeFile(join(d, "fffd.txt"), "一、工作任务\n1.正常\n2.乱码\ufffd\ufffd\n");
    await writeFile(join(d, "huge.txt"), Buffer.alloc(MAX_DOC_BYTES + 1, 0x41));
    await writeFile(join(d, "prose.txt"), "这是一段没有编号也没有任何事实的普通说明文字。");
    const r = await loadKnowledgeDir(d);
    const byFile = Object.fromEntries(r.errors.map((e) => [e.file, e]));
    expect(Object.keys(byFile).sort()).toEqual(["empty.txt", "fffd.txt", "gbk.txt", "huge.txt"]);
    expect(byFile["empty.txt"].message).toContain("为空");
    expect(byFile["gbk.txt"]).toMatchObject({ line: 3 });
    expect(byFile["gbk.txt"].message).toContain("UTF-8");
    expect(byFile["fffd.txt"]).toMatchObject({ line: 3 });
    expect(byFile["huge.txt"].message).toContain("过大");
    // Prose without numbering is not broken: it loads as paragraphs, with a warning.
    expect(r.docs.map((x) => x.meta.id)).toEqual(["good", "prose"]);
    expect(r.docs[1].measures.map((m) => m.path)).toEqual([["第1段"]]);
    expect(r.warnings.some((w) => /prose\.txt: 未识别出编号条目/.test(w))).toBe(true);
  });

  it("validates guides with the schema and checks quotes against the documents", async () => {
    const d = await fresh("guides");
    await writeFile(join(d, "doc.txt"), DOC);
    const base = {
      id: "kaiban", service: "企业开办", aliases: [], region: null,
      name: null, implementingBody: null, conditions: null, materials: null, procedure: null,
      statutoryLimit: null, fees: null, placeAndPhone: null,
      promisedLimit: { value: "1日办结", source: { doc: "doc", label: "1", quote: "全面实现企业开办1日办结" } },
    };
    await writeFile(join(d, "guides", "ok.json"), JSON.stringify(base));
    await writeFile(join(d, "guides", "badfield.json"), JSON.stringify({ ...base, id: "x", fees: { value: "" } }));
    await writeFile(join(d, "guides", "invented.json"), JSON.stringify({ ...base, id: "y", promisedLimit: { value: "半日", source: { doc: "doc", label: "1", quote: "半日办结" } } }));
    await writeFile(join(d, "guides", "broken.json"), "{ not json");
    const r = await loadKnowledgeDir(d);
    expect(r.guides.map((g) => g.id)).toEqual(["kaiban"]);
    const fields = r.errors.map((e) => `${e.file}|${e.field ?? ""}`);
    expect(fields).toContain("guides/badfield.json|fees.value");
    expect(fields).toContain("guides/badfield.json|fees.source");
    expect(fields).toContain("guides/invented.json|promisedLimit.source.quote");
    expect(r.errors.find((e) => e.file === "guides/broken.json")?.message).toContain("JSON");
  });

  it("reports a malformed manifest with the field path", async () => {
    const d = await fresh("manifest");
    await writeFile(join(d, "doc.txt"), DOC);
    await writeFile(join(d, "manifest.json"), JSON.stringify({ documents: [{ id: "doc" }] }));
    const r = await loadKnowledgeDir(d);
    expect(r.errors).toEqual([expect.objectContaining({ file: "manifest.json", field: "documents.0.title" })]);
    expect(r.docs).toHaveLength(1);
  });

  it("copies of the shipped corpus load the same", async () => {
    const d = await fresh("copy");
    await copyFile(join(CORPUS_DIR, "xuwei-2021-zuofeng-jianshe.txt"), join(d, "xuwei-2021-zuofeng-jianshe.txt"));
    const r = await loadKnowledgeDir(d);
    expect(r.docs[0].measures).toHaveLength(30);
    expect(r.docs[0].meta.title).toBe("关于进一步推进机关作风建设的实施方案");
  });
});
