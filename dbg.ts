import { KnowledgeService } from "/work/main/knowledge/service.ts";
import { silentLogger } from "/work/main/bot/logger.ts";
const kb = new KnowledgeService("/work/main/knowledge/corpus", silentLogger());
await kb.reload();
for (const q of process.argv.slice(2)) {
  const r = kb.current().index.search(q);
  console.log("Q", q, r.aspects, "cov", r.coverage.toFixed(2), "unknown", r.unknownTerms, "qw", r.queryWords);
  for (const h of r.hits.slice(0,3)) console.log("  ", h.score.toFixed(2), h.measure.id, h.measure.text.slice(0,80));
  const a = await kb.ask(q);
  console.log(a.text.slice(0, 600));
}
