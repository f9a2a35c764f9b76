// Requirements stated for a service. Materials only where the text states materials: a list after
// 申请材料/申报材料/所需材料 (":", "包括", "为"), a list of documents after 提交/提供/携带/出示, or
// "持X办理" (bring X); a phrase that merely contains 材料 ("进一步减少申请材料") is no material, and
// "资料齐全" is a condition on the application, not a document to bring. Conditions: "符合…条件",
// "对于A、B的申请", "…的," clauses (the last are guesses, marked unsure).

import type { RequirementFact } from "../types.ts";
import { splitTop } from "./units.ts";

const MATERIAL_STATE = /[\u4e00-\u9fff“”]{0,8}(资料|材料)(齐全|完善|完整|真实)/g;
// 持 as "bring", not the second half of 坚持/保持/支持/维持/主持/扶持/把持/加持/秉持/操持.
const HOLD = /(?<![坚保支维主扶把加秉操劫矜僵挟相对久自手所争])持([^,，。;]{2,12}?)(线下|到|向|办理|申请)/g;
const MATERIAL_LIST = /(申请材料|申报材料|所需材料|报审材料|提交材料|申请资料|所需资料|办理材料|需提交的材料|应提交的材料)(?:包括|主要包括|为|有|如下|清单)?[:：]\s*([^。]+)|(申请材料|申报材料|所需材料|申请资料)(?:包括|主要包括|为)([^。;]+)/g;
// Starts at the verb: an optional lead-in ("需要", "应当") would make the pattern start everywhere.
const HANDING = /(提交|提供|携带|出示|上传|报送)(?:以下材料[:：]?|下列材料[:：]?)?([^。;:,，]{2,120})/g;
// What a document to bring is called at its end.
const DOC_NOUN = /(证|照|书|表|函|单|件|证明|报告|图|图纸|合同|协议|章程|复印件|原件|扫描件|材料|资料|文件|凭证|发票|清单|方案|决议|批复|意见书|登记表|申请表|身份证|执照|许可证)$/;
const FOR_WHOM = /对于?([^。;:]{2,60}?)的(申请|项目|企业|事项)/g;
const QUALIFIED = /符合([^,，。;的]{1,12})条件/g;
const IF_CLAUSE = /(?:^|[;。,，])([^,，;。:()]{2,24}的)[,，]/g;

/** A list of documents: "1.营业执照;2.法定代表人身份证" or "营业执照、身份证和章程". */
const NUMBERED = /(?:^|[;；\s])\s*(?:\d{1,2}[.、)）]|[(（](?:\d{1,2}|[一二三四五六七八九十]{1,2})[)）]|[①-⑳])/g;

export function splitMaterials(list: string): string[] {
  // A numbered list is split at its numbers only: "3.设备布局、操作流程等文件" is one item.
  const numbered = (list.match(NUMBERED)?.length ?? 0) >= 2;
  const items = splitTop(list.replace(NUMBERED, "；"), numbered ? /[；;]/ : /[、；;]/)
    .flatMap((x) => x.split(/(?:以及|和|及)(?=[\u4e00-\u9fff]{2,})/))
    .map((x) => x.trim().replace(/^[,，:：\s]+|[,，。.；;\s]+$/g, "").replace(/^(等)/, ""))
    .map((x) => x.replace(/等(材料|资料)?$/, ""));
  return items.filter((x) => x.length >= 2 && x.length <= 40);
}

export function extractRequirements(text: string): RequirementFact[] {
  const out: RequirementFact[] = [];
  const seen = new Set<string>();
  const add = (kind: RequirementFact["kind"], t: string, unsure = false) => {
    const s = t.trim();
    if (s.length < 2 || seen.has(s)) return;
    seen.add(s);
    out.push(unsure ? { kind, text: s, unsure } : { kind, text: s });
  };
  const materials = /资料|材料|提交|提供|携带|出示|上传|报送|持/.test(text);
  if (materials) {
    for (const m of text.matchAll(MATERIAL_LIST)) for (const x of splitMaterials(m[2] ?? m[4] ?? "")) add("material", x);
    for (const m of text.matchAll(HANDING)) {
      const items = splitMaterials(m[2]);
      // Only a list of documents: "提供优质服务" and "报送市营商办" hand over no material.
      if (items.length && items.every((x) => DOC_NOUN.test(x))) for (const x of items) add("material", x);
    }
    for (const m of text.matchAll(HOLD)) if (DOC_NOUN.test(m[1]) || /报告|证明|执照|许可/.test(m[1])) add("material", m[1]);
  }
  for (const m of text.matchAll(FOR_WHOM)) {
    for (const part of m[1].split("、")) if (/(合理|全面|齐全|完善|具备|符合|满足)/.test(part)) add("condition", part);
  }
  for (const m of /资料|材料/.test(text) ? text.matchAll(MATERIAL_STATE) : []) {
    const t = m[0].replace(/^.*[、的]/, "").replace(/^(对于|对|凡|如|若)/, "");
    if (![...seen].some((s) => s.includes(t))) add("condition", t);
  }
  for (const m of text.matchAll(QUALIFIED)) add("condition", m[0]);
  for (const m of text.matchAll(IF_CLAUSE)) {
    if (/^(对|对于)/.test(m[1]) || /(目的|方面|情况)的$/.test(m[1])) continue;
    add("condition", m[1], true);
  }
  return out;
}
