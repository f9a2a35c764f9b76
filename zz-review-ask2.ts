import { readFileSync } from "node:fs";
import { KnowledgeService } from "/work/main/knowledge/service.ts";
import { silentLogger } from "/work/main/bot/logger.ts";
const kb = new KnowledgeService("/work/main/knowledge/corpus", silentLogger());
await kb.reload();
for (const q of readFileSync(process.argv[2],"utf8").split("\n").filter(Boolean)) {
  const a = await kb.ask(q);
  console.log("Q:", q, "\n ", a.text.replace(/\n/g, "\n  ").replace(/如需进一步确认.*$/m,""), "\n");
}
