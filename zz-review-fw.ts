import { loadKnowledgeDir } from "/work/main/knowledge/load.ts";
import { KnowledgeService } from "/work/main/knowledge/service.ts";
import { silentLogger } from "/work/main/bot/logger.ts";
for (const d of ["/tmp/rv/kbascii", "/tmp/rv/kbfw"]) {
  const l = await loadKnowledgeDir(d);
  const ms = l.docs.flatMap(x=>x.measures);
  console.log(d, "measures", ms.length, "errors", l.errors.length, "tl", ms.reduce((a,m)=>a+m.facts.timeLimits.length,0), "units", ms.filter(m=>m.facts.units.lead.length).length);
  console.log(ms.slice(0,40).map(m=>m.path.join(">") + " | " + m.title).join("\n"));
  const kb = new KnowledgeService(d, silentLogger()); await kb.reload();
  for (const q of ["无外线工程的用水报装要几个工作日？","企业开办多长时间能办结？","签完土地出让合同以后,多长时间能拿到施工许可证?"]) console.log((await kb.ask(q)).text.split("\n").slice(0,4).join(" | "));
}
