import { KnowledgeService } from "/work/main/knowledge/service.ts";
import { silentLogger } from "/work/main/bot/logger.ts";
const kb = new KnowledgeService("/work/main/knowledge/corpus", silentLogger());
await kb.reload();
const qs = ["", "   ", "？？？", "。。。!!!", "……", "😀😀😀", "🏢企业开办要几天？😀", "〔2021〕", "郾政办文〔2018〕27号", "ＡＢＣ１２３", "企业开办要１天吗？", "\u0000\u0001", "a".repeat(100_000), "企业开办".repeat(25_000), "用水报装".repeat(1000) + "要几天", "\ud83d", "@@@", "什么", "的", "1", "0", "要几个工作日？", "多少", "时限", "材料", "哪个部门负责", "每月几号", "什么时候完成"];
for (const q of qs) {
  const t = performance.now();
  try {
    const a = await kb.ask(q);
    console.log(JSON.stringify(q.slice(0, 30)), Math.round(performance.now() - t) + "ms", a.grounded, a.text.slice(0, 150).replace(/\n/g, " | "));
  } catch (e) { console.log("THROW", JSON.stringify(q.slice(0,30)), (e as Error).stack?.split("\n").slice(0,4).join(" ")); }
}
