import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KnowledgeService } from "./knowledge/service.ts";
import { silentLogger } from "./bot/logger.ts";
const corpusDir = "knowledge/corpus";
const dir = mkdtempSync(join(tmpdir(), "zwb-prof-"));
const texts = readdirSync(corpusDir).filter((f) => f.endsWith(".txt")).map((f) => readFileSync(join(corpusDir, f), "utf8"));
for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `gen-${i}.txt`), `测试${i}方案\n\n${texts[i % 5]}`);
const kb = new KnowledgeService(dir, silentLogger());
await kb.reload();
const qs = [...readFileSync("../shared/eval/dev.jsonl","utf8").split("\n"), ...readFileSync("tests/eval/heldout.jsonl","utf8").split("\n")].filter(Boolean).map((l) => JSON.parse(l).question);
const times: [number,string][] = [];
for (let r = 0; r < 3; r++) for (const q of qs) { const t = performance.now(); await kb.ask(q); times.push([performance.now() - t, q]); }
times.sort((a,b)=>b[0]-a[0]);
console.log(times.slice(0,8).map(([t,q])=>t.toFixed(1)+" "+q).join("\n"));
const ix = kb.current().index;
for (const [,q] of times.slice(0,3)) { let t=performance.now(); for (let i=0;i<20;i++) ix.search(q); console.log("search only", ((performance.now()-t)/20).toFixed(2), q); }
