import { loadKnowledgeDir } from "../knowledge/load.ts";
import { CHECKS, FIXTURE_DIR, verdict } from "../tests/knowledge/fixture-checks.ts";
const r = await loadKnowledgeDir(FIXTURE_DIR);
console.log("errors", r.errors);
let ok = 0;
for (const c of CHECKS) { const v = verdict(c, r.docs); if (v.ok) ok++; else console.log("MISS", c.doc, c.kind, c.field ?? c.at, JSON.stringify(c.value), "got", JSON.stringify(v.got)); }
console.log(`${ok}/${CHECKS.length} = ${(100*ok/CHECKS.length).toFixed(1)}%`);
