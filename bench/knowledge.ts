// Knowledge-base figures: build time, retrieval+answer latency (no LLM) on the shipped corpus and a
// generated 1,000-document corpus, and our retrieval vs MiniSearch on the question sets.
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import MiniSearch from "minisearch";
import { KnowledgeService } from "../knowledge/service.ts";
import { silentLogger } from "../core/log.ts";
import type { Measure } from "../knowledge/types.ts";
import { LexicalIndex } from "../knowledge/search/index.ts";
import { STOPWORDS } from "../knowledge/search/tokenize.ts";

const root = resolve(import.meta.dirname, "..");
const corpusDir = join(root, "knowledge/corpus");

export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

interface EvalItem {
  id: string;
  kind: string;
  question: string;
  doc?: string;
  needles?: string[];
}

function evalItems(): EvalItem[] {
  const files = [join(root, "../shared/eval/dev.jsonl"), join(root, "tests/eval/heldout.jsonl")].filter(existsSync);
  return files.flatMap((f) =>
    readFileSync(f, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as EvalItem),
  );
}

const SERVICES = ["企业设立登记", "印章刻制", "涉税事项办理", "社保登记", "公积金开户", "用水报装", "用气报装", "用电报装", "不动产登记", "施工许可", "竣工验收备案", "食品经营许可", "药品零售许可", "道路运输许可", "建筑业资质", "排水许可", "消防验收", "人防备案", "城市绿化审批", "户外广告设置"];
const UNITS = ["市场监管局", "税务局", "人社局", "住建局", "自然资源局", "水务局", "行政审批局", "数据局", "公安局", "交通运输局"];

/** A service list: a 40-row pipe table and a tab-separated task table (the table-heavy document of the mix). */
function tableHeavy(): string {
  const rows = Array.from({ length: 40 }, (_, i) => {
    const s = SERVICES[i % SERVICES.length] + (i >= SERVICES.length ? "(变更)" : "");
    return `|${i + 1}|${s}|申请书、营业执照、经办人身份证|${(i % 15) + 5}个工作日|${(i % 5) + 1}个工作日|区${UNITS[i % UNITS.length]}|不收费|`;
  });
  const tasks = Array.from({ length: 20 }, (_, i) => `${i + 1}\t推进${SERVICES[i % SERVICES.length]}“一件事”集成办理\t区${UNITS[i % UNITS.length]}\t区${UNITS[(i + 3) % UNITS.length]}\t${(i % 12) + 1}月底前`);
  return [
    "政务服务事项办理时限清单",
    "一、服务事项",
    "表1 服务事项时限",
    "|序号|事项名称|申请材料|法定时限|承诺时限|牵头单位|收费|",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "二、重点任务分工",
    "附件1",
    "重点任务分工表",
    "序号\t工作任务\t牵头单位\t配合单位\t完成时限",
    ...tasks,
  ].join("\n");
}

/** A regulation in 第X章 / 第X条 articles (the article-numbered document of the mix). */
function articleNumbered(): string {
  const out = ["政务服务办理规则"];
  let k = 0;
  for (let c = 1; c <= 5; c++) {
    out.push(`第${"一二三四五"[c - 1]}章 ${["总则", "受理", "办理", "监督", "附则"][c - 1]}`);
    for (let a = 0; a < 6; a++) {
      k++;
      const s = SERVICES[k % SERVICES.length];
      out.push(`第${k}条 申请${s}的,窗口工作人员应当在${(k % 4) + 1}个工作日内作出受理决定;材料不全的,一次性告知需要补正的内容。(区${UNITS[k % UNITS.length]}负责)`);
    }
  }
  return out.join("\n");
}

/** A 1,000-document corpus made by recombining the real items with shifted numbers and places. */
export function generateCorpus(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), "zwb-bench-corpus-"));
  const texts = [...readdirSync(corpusDir).filter((f) => f.endsWith(".txt")).map((f) => readFileSync(join(corpusDir, f), "utf8")), tableHeavy(), articleNumbered()];
  const places = ["东城", "西岗", "南湖", "北塘", "新港", "高新", "临空", "滨海", "江北", "河西"];
  for (let i = 0; i < n; i++) {
    const src = texts[i % texts.length];
    const place = places[i % places.length] + (Math.floor(i / places.length) + 1);
    const body = src.replace(/(\d+)个工作日/g, (_m, d) => `${Number(d) + (i % 7)}个工作日`).replace(/新区|本地区|海城市|郾城区|长兴岛/g, place);
    writeFileSync(join(dir, `gen-${String(i).padStart(4, "0")}.txt`), `${place}优化营商环境实施方案（第${i + 1}号）\n\n${body}`);
  }
  return dir;
}

async function timeKb(dir: string, questions: string[], rounds: number) {
  const kb = new KnowledgeService(dir, silentLogger());
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await kb.reload();
  const buildMs = performance.now() - t0;
  // CPU time as well: on a shared machine the wall time says more about the neighbours.
  const cpu = process.cpuUsage(c0);
  const buildCpuMs = (cpu.user + cpu.system) / 1000;
  if (!r.ok) throw new Error(`bench corpus rejected: ${JSON.stringify(r.errors.slice(0, 3))}`);
  for (const q of questions) await kb.ask(q); // warm-up
  const lat: number[] = [];
  for (let k = 0; k < rounds; k++)
    for (const q of questions) {
      const t = performance.now();
      await kb.ask(q);
      lat.push(performance.now() - t);
    }
  const tableRows = kb.current().measures.filter((m) => m.row).length;
  return { buildMs, buildCpuMs, measures: r.measures, documents: r.documents, tableRows, p50: pct(lat, 50), p99: pct(lat, 99) };
}

function topHitCorrect(m: Measure | undefined, it: EvalItem): boolean {
  if (!m || m.docId !== it.doc) return false;
  const norm = (s: string) => s.replace(/\s+/g, "");
  return (it.needles ?? []).every((n) => norm(m.text).includes(norm(n)));
}

async function compareWithMiniSearch(items: EvalItem[]) {
  const kb = new KnowledgeService(corpusDir, silentLogger());
  await kb.reload();
  const cur = kb.current();
  const seg = new Intl.Segmenter("zh", { granularity: "word" });
  // MiniSearch's documented route for languages without spaces: a custom tokenizer (Intl.Segmenter here).
  const tokenize = (s: string) => [...seg.segment(s)].filter((x) => x.isWordLike).map((x) => x.segment);
  const mini = new MiniSearch<{ id: number; text: string }>({ fields: ["text"], tokenize, searchOptions: { tokenize } });
  mini.addAll(cur.measures.map((m, id) => ({ id, text: `${m.path.join(" ")} ${m.text}` })));
  const answers = items.filter((i) => i.kind === "answer");
  // Our own ranking with Node's built-in segmenter instead of jieba: the segmenter choice alone.
  const segWords = (s: string) => tokenize(s).map((w) => w.toLowerCase()).filter((w) => !STOPWORDS.has(w));
  const segIndex = LexicalIndex.build(cur.measures, { index: segWords, precise: segWords });
  let ourSeg = 0;
  let ours = 0;
  let theirs = 0;
  const oursLat: number[] = [];
  const theirLat: number[] = [];
  for (const it of answers) {
    let t = performance.now();
    const r = cur.index.search(it.question);
    oursLat.push(performance.now() - t);
    if (topHitCorrect(r.hits[0]?.measure, it)) ours++;
    if (topHitCorrect(segIndex.search(it.question).hits[0]?.measure, it)) ourSeg++;
    t = performance.now();
    const m = mini.search(it.question)[0];
    theirLat.push(performance.now() - t);
    if (topHitCorrect(m ? cur.measures[m.id as number] : undefined, it)) theirs++;
  }
  return { questions: answers.length, ours, ourSeg, theirs, oursP50: pct(oursLat, 50), theirP50: pct(theirLat, 50) };
}

export async function benchKnowledge(print: (s: string) => void): Promise<void> {
  const items = evalItems();
  const questions = items.map((i) => i.question);
  const small = await timeKb(corpusDir, questions, 20);
  print(`KB (5 docs): ${small.measures} measures, build ${small.buildMs.toFixed(0)} ms; ask p50 ${small.p50.toFixed(3)} ms, p99 ${small.p99.toFixed(3)} ms (${questions.length} questions × 20)`);
  const dir = generateCorpus(1000);
  const big = await timeKb(dir, questions, 3);
  print(`KB (1,000 docs, incl. ${Math.floor(1000 / 7) * 2} table-heavy and article-numbered): ${big.measures} measures (${big.tableRows} table rows), build ${big.buildMs.toFixed(0)} ms, CPU ${big.buildCpuMs.toFixed(0)} ms (target ≤ 5000); ask p50 ${big.p50.toFixed(3)} ms, p99 ${big.p99.toFixed(3)} ms (target ≤ 5)`);
  const cmp = await compareWithMiniSearch(items);
  print(`Retrieval top-1 on ${cmp.questions} answer questions (dev + held-out): ours ${cmp.ours}/${cmp.questions} (p50 ${cmp.oursP50.toFixed(3)} ms) vs MiniSearch+Intl.Segmenter ${cmp.theirs}/${cmp.questions} (p50 ${cmp.theirP50.toFixed(3)} ms); our ranking with Intl.Segmenter instead of jieba ${cmp.ourSeg}/${cmp.questions}`);
}
