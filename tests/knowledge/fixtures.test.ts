// Nineteen documents written in the formats governments publish (tests/fixtures/documents): every one
// loads, their facts are read right (units split lead/cooperating, dates on the right task, table
// rows aligned), and the checks written from the documents beforehand score at least 90%.
import { beforeAll, describe, expect, it } from "vitest";
import { loadKnowledgeDir, type KnowledgeLoad } from "../../knowledge/load.ts";
import { KnowledgeService } from "../../knowledge/service.ts";
import { silentLogger } from "../../core/log.ts";
import { describeDocument } from "../../knowledge/facts/describe.ts";
import type { Measure } from "../../knowledge/types.ts";
import { CHECKS, FIXTURE_DIR, verdict } from "./fixture-checks.ts";

let load: KnowledgeLoad;
beforeAll(async () => {
  load = await loadKnowledgeDir(FIXTURE_DIR);
});

const doc = (id: string) => load.docs.find((d) => d.meta.id === id)!;
/** The most specific measure holding a phrase. */
const at = (id: string, phrase: string): Measure => {
  const ms = doc(id).measures.filter((m) => m.text.includes(phrase));
  expect(ms.length, `${id}: ${phrase}`).toBeGreaterThan(0);
  return ms.reduce((a, b) => (b.text.length < a.text.length ? b : a));
};

describe("fixture documents", () => {
  it("all nineteen load, none rejected", () => {
    expect(load.errors).toEqual([]);
    expect(load.docs.map((d) => d.meta.id).sort()).toEqual([
      "anping-2024-shuiqi-jieru",
      "baihe-2025-xingdong-fangan",
      "dongpo-2025-qiye-fuwu",
      "fengyuan-2025-gongzuo-yaodian",
      "hexi-2025-paiwu-zhinan",
      "jiangnan-2025-shenpi-tw",
      "jinhe-2025-youhua-cuoshi",
      "linchuan-2025-getihu-shixian",
      "liuan-2025-budongchan-shixian",
      "nanling-2025-kaiban-qingdan",
      "qinghe-yicixing-gaozhi",
      "qingshui-2024-yongdian-biaozhun",
      "shuanglin-2025-banshi-zhinan",
      "songling-2025-tousu-banfa",
      "taoyuan-2025-jianguan-tongzhi",
      "tongan-2025-gongcheng-shenpi",
      "xinglong-2025-zhengwu-yaodian",
      "xinyang-2025-tuijin-tongzhi",
      "yunxi-2025-yingshang",
    ]);
  });

  it(`at least 90% of the ${CHECKS.length} expected facts are read right`, () => {
    const misses = CHECKS.map((c) => ({ c, v: verdict(c, load.docs) })).filter((x) => !x.v.ok);
    const pct = (100 * (CHECKS.length - misses.length)) / CHECKS.length;
    const blind = CHECKS.filter((c) => c.blind);
    const blindOk = blind.filter((c) => verdict(c, load.docs).ok).length;
    console.log(`fixture facts: ${CHECKS.length - misses.length}/${CHECKS.length} right (${pct.toFixed(1)}%); of them written blind: ${blindOk}/${blind.length} (first scores before any fix, three rounds: 22/30, 18/23, 16/18)`);
    for (const { c, v } of misses) console.log(`  miss ${c.doc} ${c.kind} ${c.field ?? c.at}: expected ${JSON.stringify(c.value)}, got ${JSON.stringify(v.got)}`);
    expect(pct).toBeGreaterThanOrEqual(90);
  });

  it("tasks in one paragraph are measures of their own, each with its units and deadline", () => {
    const one = at("yunxi-2025-yingshang", "一链一策");
    const two = at("yunxi-2025-yingshang", "重大项目清单");
    expect(one.text).not.toContain("重大项目清单");
    expect(one.facts.units).toMatchObject({ lead: ["市发改委", "市经信局"], cooperating: [] });
    expect(one.facts.deadlines.map((d) => [d.date, d.subject])).toEqual([["2025-06-30", "制定实施“一链一策”"]]);
    expect(two.facts.deadlines.map((d) => d.date)).toEqual(["2025-08-31"]);
    expect(two.facts.units.lead).toEqual(["市发改委"]);
    expect(one.path.slice(-2)).toEqual(["5.健全惠企政策直达机制", "任务1"]);
  });

  it("units in every form: 牵头/配合, labels with either separator, 会同, 按职责分工, 各县(市、区) kept whole", () => {
    const y = "yunxi-2025-yingshang";
    expect(at(y, "集成办理清单").facts.units).toMatchObject({ lead: ["市政务服务局"], cooperating: ["市人社局", "市医保局"] });
    expect(at(y, "告知承诺制").facts.units).toMatchObject({ lead: ["市行政审批局"], cooperating: ["各县(市、区)人民政府"] });
    // Comma instead of semicolon between the labels, and a date after the list: neither is a unit.
    expect(at(y, "用水、用气报装").facts.units).toMatchObject({ lead: ["市住建局"], cooperating: ["市自然资源和规划局", "市城管局"] });
    expect(at(y, "信用修复").facts.units).toMatchObject({ lead: ["市发改委"], cooperating: ["市中级人民法院", "市市场监管局"], source: "prose" });
    expect(at("tongan-2025-gongcheng-shenpi", "并联审批").facts.units.lead).toEqual(["县发改局", "县住建局"]);
    expect(at("tongan-2025-gongcheng-shenpi", "区域评估").facts.units.lead).toEqual(["县自然资源局"]);
  });

  it("table rows are measures with their own cells: limits never shift to the next row; 合计 read", () => {
    const rows = doc("linchuan-2025-getihu-shixian").measures.filter((m) => m.row);
    expect(rows.map((m) => [m.row!.cells[1], m.facts.timeLimits.map((t) => `${t.kind}:${t.text}`)])).toEqual([
      ["个体工商户设立登记", ["statutory:15个工作日", "promised:1个工作日"]],
      // A cell wrapped onto two lines in the PDF stays one cell.
      ["个体工商户名称自主申报与预先核准", ["statutory:3个工作日", "promised:0.5个工作日"]],
      ["个体工商户变更登记", ["statutory:15个工作日", "promised:2个工作日"]],
      ["个体工商户注销登记", ["statutory:10个工作日", "promised:1个工作日"]],
    ]);
    expect(rows[1].text).toBe("事项名称：个体工商户名称自主申报与预先核准；法定时限：3个工作日；承诺时限：0.5个工作日；收费：不收费");
    const total = at("tongan-2025-gongcheng-shenpi", "合计工作日");
    expect(total.facts.timeLimits.map((t) => t.text)).toEqual(["45个工作日"]);
    expect(doc("tongan-2025-gongcheng-shenpi").tables?.[0]).toMatchObject({ rows: 5, columns: ["item", "item", "promisedLimit", "lead"] });
  });

  it("a table printed to PDF from HTML (one row a line, cells separated by spaces) keeps its rows", () => {
    const rows = doc("liuan-2025-budongchan-shixian").measures.filter((m) => m.row);
    expect(rows.map((m) => m.facts.timeLimits.map((t) => t.text))).toEqual([
      ["30个工作日", "5个工作日"],
      ["30个工作日", "3个工作日"],
      ["30个工作日", "1个工作日"],
    ]);
    expect(rows[1].text).toBe("事项名称：存量房买卖转移登记；法定时限：30个工作日；承诺时限：3个工作日；收费标准：80元/件");
  });

  it("a Word table: header cells give the columns, a merged 牵头单位 cell belongs to every row it spans", () => {
    const d = doc("nanling-2025-kaiban-qingdan");
    expect(d.tables?.[0]).toMatchObject({ header: ["序号", "事项", "申请材料", "承诺时限", "牵头单位", "配合单位"], rows: 3 });
    const seal = at(d.meta.id, "印章刻制");
    expect(seal.facts.units).toMatchObject({ lead: ["市市场监管局"], cooperating: ["市公安局"], source: "table" });
    expect(at(d.meta.id, "企业设立登记").facts.requirements.filter((r) => r.kind === "material").map((r) => r.text)).toEqual(["公司登记申请书", "公司章程", "股东身份证明"]);
  });

  it("tab-separated task tables, 持续推进 as ongoing, and attachments as separate parts", () => {
    const f = "fengyuan-2025-gongzuo-yaodian";
    const ongoing = at(f, "接诉即办");
    expect(ongoing.facts.deadlines).toEqual([expect.objectContaining({ text: "持续推进", ongoing: true })]);
    expect(ongoing.path.slice(0, 2)).toEqual(["附件1", "丰源县2025年营商环境重点任务分工表"]);
    // The second attachment's sections are its own, not children of the first attachment's table.
    expect(at(f, "转交责任单位办理").path).toEqual(["附件2 营商环境监督员工作规则", "(二)履职"]);
  });

  it("articles 第X章/第X条, and the (一)(二) items after 提交下列材料 are materials", () => {
    const q = "qinghe-yicixing-gaozhi";
    expect(doc(q).measures.map((m) => m.path.join(">"))).toContain("第三章 监督管理>第七条");
    expect(at(q, "修改后的公司章程").facts.requirements).toContainEqual({ kind: "material", text: "修改后的公司章程" });
    // "一次性告知…全部申请材料" names materials without listing any.
    expect(at(q, "全部申请材料").facts.requirements.filter((r) => r.kind === "material")).toEqual([]);
  });

  it("a guide's 名称:值 lines are one record; Traditional text is read in Simplified and quoted as published", () => {
    const g = doc("shuanglin-2025-banshi-zhinan").measures;
    expect(g).toHaveLength(1);
    expect(g[0].facts.timeLimits.map((t) => `${t.kind}:${t.text}`)).toEqual(["statutory:20个工作日", "promised:5个工作日"]);
    const t = doc("jinhe-2025-youhua-cuoshi");
    expect(t.traditional).toBe(true);
    const m = at(t.meta.id, "不动产登记");
    expect(m.facts.units).toMatchObject({ lead: ["区自然资源局"], cooperating: ["区税务局"] });
    expect(m.original).toContain("不動產登記");
  });

  it("an item-less notice loads; metadata comes from the document itself", () => {
    const n = doc("xinyang-2025-tuijin-tongzhi");
    expect(n.meta).toMatchObject({ title: "关于进一步做好企业开办服务的通知", issuer: "新阳县行政审批局", date: "2025-06-10", region: "新阳县" });
    expect(doc("tongan-2025-gongcheng-shenpi").meta).toMatchObject({ title: "桐安县工程建设项目审批制度改革实施方案(试行)", docNumber: "桐政发〔2025〕7号" });
    // The signature block is not policy text.
    expect(doc("tongan-2025-gongcheng-shenpi").measures.some((m) => m.text.endsWith("桐安县人民政府"))).toBe(false);
  });

  it("kb show reads as text: every measure with its facts, unsure ones marked", () => {
    const text = describeDocument(doc("yunxi-2025-yingshang"));
    expect(text).toContain("发文机关：云溪市人民政府办公室；日期：2025-03-18；文号：云政办发〔2025〕12号；地区：云溪市");
    expect(text).toContain("【二、重点任务 > (二)优化要素保障 > 5.健全惠企政策直达机制 > 任务1】");
    expect(text).toContain("· 完成时间：2025年6月底前 → 2025-06-30（制定实施“一链一策”）");
    // Units read from prose ("由X会同Y") are marked for checking.
    expect(text).toMatch(/配合单位：市中级人民法院、市市场监管局 ？待核/);
  });
});

describe("answers over several places", () => {
  let kb: KnowledgeService;
  beforeAll(async () => {
    kb = new KnowledgeService(FIXTURE_DIR, silentLogger());
    expect((await kb.start()).ok).toBe(true);
  });

  it("a place-less question is answered per place, each with its source", async () => {
    const a = await kb.ask("企业开办多长时间能办结？");
    expect(a.text).toMatch(/^各地规定不同/);
    expect(a.text).toContain("云溪市：1个工作日内办结");
    expect(a.text).toContain("新阳县：半个工作日");
    expect(new Set(a.citations.map((c) => c.doc)).size).toBeGreaterThanOrEqual(3);
  });

  it("naming the place gets that place's rule alone; a table row is quoted whole", async () => {
    const a = await kb.ask("新阳县企业开办全流程要多久？");
    expect(a.text).not.toMatch(/各地规定不同/);
    expect(a.citations[0].doc).toBe("xinyang-2025-tuijin-tongzhi");
    const row = await kb.ask("临川区个体工商户变更登记承诺时限是多少？");
    expect(row.text).toContain("“事项名称：个体工商户变更登记；法定时限：15个工作日；承诺时限：2个工作日；收费：不收费”");
  });

  it("a question in Traditional characters is understood", async () => {
    const a = await kb.ask("金河區不動產登記多久辦結？");
    expect(a.grounded).toBe(true);
    expect(a.text).toContain("3個工作日內辦結");
  });
});
