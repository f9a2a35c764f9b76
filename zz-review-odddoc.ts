import { writeFileSync, mkdirSync, rmSync } from "node:fs";
import { parseDocument } from "/work/main/knowledge/parse/document.ts";
import { loadKnowledgeDir } from "/work/main/knowledge/load.ts";
import { KnowledgeService } from "/work/main/knowledge/service.ts";
import { silentLogger } from "/work/main/bot/logger.ts";
const meta = (id: string) => ({ id, file: id + ".txt", title: "测试", issuer: null, docNumber: null, date: "2021-01-01", region: null });
const cases: Record<string, string> = {
  empty: "",
  spaces: "   \n\n  \n",
  nonum: "这是一段没有编号的文字。企业开办1日办结。\n另一段文字，要求10个工作日内完成。",
  huge: "一、总体要求\n1." + "企业开办1日办结，".repeat(200000) + "\n",
  emoji: "一、😀目标\n1.😀企业开办1日办结🏢。(责任单位:市场监管局😀)\n2.\ud83d孤立代理\n",
  fwnum: "一、目标\n１．企业开办１日办结。\n（１）全面实现１０个工作日内办结。\n（二）〔2021〕12号文件要求6月底前完成。\n",
  doc2021: "〔2021〕\n〔2021〕12号\n一、\n(一)\n1.\n",
  only_markers: "一、\n二、\n三、\n",
  deep: Array.from({length: 5000}, (_, i) => `${"一二三四五六七八九"[i%9]}、标题${i}`).join("\n"),
  manyArabic: Array.from({length: 20000}, (_, i) => `${(i%99)+1}.事项${i}要在${i%30+1}个工作日内办结。`).join("\n"),
  shi: "一是二是三是四是五是\n第一个是第二个是",
  longHeading: "一、" + "标".repeat(100000),
};
for (const [k, v] of Object.entries(cases)) {
  const t = performance.now();
  try {
    const d = parseDocument(v, meta(k));
    console.log(k, "measures", d.measures.length, "warnings", d.warnings.length, Math.round(performance.now() - t) + "ms", d.measures.slice(0,3).map(m=>m.path.join(">")+":"+m.text.slice(0,40)));
  } catch (e) { console.log("THROW", k, (e as Error).stack?.split("\n").slice(0,4).join(" ")); }
}
