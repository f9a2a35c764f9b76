import { readFileSync, readdirSync } from "node:fs";
import { KnowledgeService } from "/work/main/knowledge/service.ts";
import { silentLogger } from "/work/main/bot/logger.ts";
const kb = new KnowledgeService("/work/main/knowledge/corpus", silentLogger());
await kb.reload();
const qs: string[] = [];
for (const f of readdirSync("/work/main/tests/eval").filter(f=>f.endsWith(".jsonl")))
  for (const l of readFileSync("/work/main/tests/eval/"+f,"utf8").split("\n")) if (l.trim()) { try { qs.push(JSON.parse(l).question); } catch {} }
qs.push(...readFileSync("/tmp/rv/extra.txt","utf8").split("\n").filter(Boolean));
let n=0;
for (const q of qs) {
  const a = await kb.ask(q);
  const lines = a.text.split("\n");
  if (!lines[0].startsWith("根据")) continue;
  const quote = lines[1];
  for (const l of lines) {
    const m = /^(时限|完成时间|目标要求|频次|材料\/条件)：(.*)$/.exec(l);
    if (!m) continue;
    for (const p of m[2].split("；")) {
      const core = p.replace(/（.*）$/,"").replace(/^不超过/,"");
      if (!quote.includes(core)) { n++; console.log("Q:", q, "\n  quote:", quote.slice(0,200), "\n  line:", l); }
    }
  }
}
console.log("flagged", n);
