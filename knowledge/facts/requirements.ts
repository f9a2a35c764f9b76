// Requirements stated for a service: materials ("资料齐全", "持开工报告") and conditions
// ("无外线工程的", "符合论证条件的", "路由设计合理").

import type { RequirementFact } from "../types.ts";

const MATERIAL_STATE = /[\u4e00-\u9fff“”]{0,8}(资料|材料)(齐全|完善|完整|真实)/g;
const HOLD = /持([^,，。;]{2,12}?)(线下|到|向|办理|申请)/g;
const APPLY_MATERIALS = /(申请材料|申报材料|报审材料)[^,，。;]*/g;
const FOR_WHOM = /对于?([^。;:]{2,60}?)的(申请|项目|企业|事项)/g;
const QUALIFIED = /符合([^,，。;的]{1,12})条件/g;
const IF_CLAUSE = /(?:^|[;。,，])([^,，;。:()]{2,24}的)[,，]/g;

export function extractRequirements(text: string): RequirementFact[] {
  const out: RequirementFact[] = [];
  const seen = new Set<string>();
  const add = (kind: RequirementFact["kind"], t: string) => {
    const s = t.trim();
    if (s.length < 2 || seen.has(s)) return;
    seen.add(s);
    out.push({ kind, text: s });
  };
  for (const m of text.matchAll(FOR_WHOM)) {
    for (const part of m[1].split("、")) {
      if (/(资料|材料)/.test(part)) add("material", part);
      else if (/(合理|全面|齐全|完善|具备|符合|满足)/.test(part)) add("condition", part);
    }
  }
  // The patterns below open with a free-length run of characters: only worth trying where their anchor word is.
  const materials = /资料|材料/.test(text);
  for (const m of materials ? text.matchAll(MATERIAL_STATE) : []) {
    const t = m[0].replace(/^.*[、的]/, "");
    if (![...seen].some((s) => s.includes(t))) add("material", t);
  }
  for (const m of text.matchAll(HOLD)) add("material", m[1]);
  for (const m of text.matchAll(APPLY_MATERIALS)) add("material", m[0]);
  for (const m of text.matchAll(QUALIFIED)) add("condition", m[0]);
  for (const m of text.matchAll(IF_CLAUSE)) {
    if (/^(对|对于)/.test(m[1]) || /(目的|方面|情况)的$/.test(m[1])) continue;
    add("condition", m[1]);
  }
  return out;
}
