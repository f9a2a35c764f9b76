import { readFileSync, readdirSync } from "node:fs";
import { KnowledgeService } from "/work/main/knowledge/service.ts";
import { silentLogger } from "/work/main/bot/logger.ts";
const kb = new KnowledgeService("/work/main/knowledge/corpus", silentLogger());
await kb.reload();
const qs: string[] = [];
for (const f of readdirSync("/work/main/tests/eval").filter(f=>f.endsWith(".jsonl")))
  for (const l of readFileSync("/work/main/tests/eval/"+f,"utf8").split("\n")) if (l.trim()) { try { qs.push(JSON.parse(l).question); } catch {} }
qs.push(...readFileSync("/tmp/rv/extra.txt","utf8").split("\n").filter(Boolean));
const norm = (s:string)=>s.replace(/[\s]/g,"").replace(/[０-９]/g,c=>String.fromCharCode(c.charCodeAt(0)-0xfee0)).replace(/，/g,",").replace(/；/g,";").replace(/：/g,":").replace(/（/g,"(").replace(/）/g,")");
let bad = 0;
for (const q of qs) {
  const a = await kb.ask(q);
  if (!a.citations.length) continue;
  const src = norm(a.citations.map(c=>c.text+c.title+c.section).join("|"));
  // strip the quoted parts and check the remaining lines
  const t = a.text.split("\n").filter(l=>!/^来源|^另见/.test(l));
  const quote = (a.text.match(/“([\s\S]*?)”/g)??[]).join("");
  const nums = [...a.text.replace(/12345/g,"").matchAll(/\d+(\.\d+)?\s*(个)?(工作日|日|天|小时|月|年|%|个|项|人|家|次|周)?/g)].map(m=>m[0]);
  const miss = nums.filter(n=>!src.includes(norm(n)));
  const missQ = nums.filter(n=>!norm(quote).includes(norm(n)) && !norm(a.citations.map(c=>c.title+c.section).join("")).includes(norm(n)));
  if (miss.length || (process.env.Q && missQ.length)) { bad++; console.log("=== Q:", q, "\nMISS(src):", miss, "MISS(quote):", missQ, "\n", a.text, "\n"); }
}
console.log("questions", qs.length, "flagged", bad);
