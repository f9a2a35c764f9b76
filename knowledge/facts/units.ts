// Responsible units in the forms policy documents print them:
//   labels       "(责任单位:A、B;配合单位:C)", "(牵头单位:X,责任单位:Y,完成时限:…)", lines "牵头单位:…"
//   parentheses  "(X负责)", "(X牵头,Y配合)", "(X牵头负责)", "(X会同Y负责)", "(X、Y按职责分工负责)"
//   prose        "由X牵头,Y等参与", "由X会同Y", "由X负责", "X牵头负责"
// A name keeps its own brackets: "各县(市、区)人民政府" is one unit, never "县(市".
import type { UnitsFact } from "../types.ts";

const LABELS = "责任单位|牵头单位|配合单位|协办单位|参与单位|协同单位|主办单位|责任部门|牵头部门|配合部门|协办部门|完成时限|完成时间|时间节点|时限要求|时间要求";
const LABEL_RE = new RegExp(`(${LABELS})[:：]`, "g");
const UNIT_LABEL = /单位|部门/;
const COOP_SUFFIX = /(等)?(协同落实|配合落实|协同推进|协同|配合|参与|协助)$/;
const GENERIC = /^(相关|有关|其他|其它)?(职能)?(单位|部门)$/;
// A date or a duration in a unit list ("责任单位:A、B,2025年9月底前完成") is the list's end, not a unit.
const NOT_A_NAME = /\d{4}年|\d{1,2}月|底前|前完成|完成$|持续推进|长期坚持|个工作日/;
const ADVERB = /(继续|具体|统一|统筹|分别|共同|全面|主要|按职责分工|按照职责分工|按职责|各负其责|切实)+$/;

/** Index of the bracket that closes the one opened at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "（") depth++;
    else if (c === ")" || c === "）") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits at the separators outside brackets. */
export function splitTop(s: string, seps: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(" || ch === "（") depth++;
    else if ((ch === ")" || ch === "）") && depth > 0) depth--;
    if (depth === 0 && seps.test(ch)) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function cleanName(u: string): string {
  let s = u.trim().replace(/[。.;:：]+$/, "").replace(/^(及|和|以及|由|请)/, "");
  s = s.replace(/等$/, "").replace(/(等)(相关|有关)?(职能)?(部门|单位)$/, "").replace(ADVERB, "").trim();
  // "各开发园区" names the kind; "各县(市、区)人民政府" and "各区人民政府" (not the district's own
  // government) are names of their own and keep 各.
  if (!/[(（]/.test(s) && !/^各[县区市](人民政府|政府)/.test(s)) s = s.replace(/^各/, "");
  return s.trim();
}

/** Split "A、B,各C、D等" into clean names; generic "相关单位" carries no information and is dropped. */
export function splitUnits(list: string): string[] {
  return splitTop(list.replace(/(及|和)(?=各)/g, "、"), /[、,，;；]/)
    .map(cleanName)
    .filter((u) => u.length >= 2 && !GENERIC.test(u) && !/^(负责|牵头|配合|参与)$/.test(u) && !NOT_A_NAME.test(u));
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

export function emptyUnits(): UnitsFact {
  return { lead: [], cooperating: [] };
}

function result(lead: string[], coop: string[], source: UnitsFact["source"]): UnitsFact {
  const l = uniq(lead);
  const c = uniq(coop.filter((u) => !l.includes(u)));
  return l.length || c.length ? { lead: l, cooperating: c, source } : emptyUnits();
}

/** Units stated with labels. When a 牵头单位 is named, 责任单位 are the ones carrying it out with it. */
export function extractLabeledUnits(text: string): UnitsFact {
  if (!/单位|部门/.test(text)) return emptyUnits();
  const marks = [...text.matchAll(LABEL_RE)].map((m) => ({ label: m[1], start: m.index!, body: m.index! + m[0].length }));
  if (!marks.some((m) => UNIT_LABEL.test(m.label))) return emptyUnits();
  const segs = marks.map((m, i) => {
    let end = i + 1 < marks.length ? marks[i + 1].start : text.length;
    // A segment also ends where its bracket, sentence or line ends.
    let depth = 0;
    for (let k = m.body; k < end; k++) {
      const c = text[k];
      if (c === "(" || c === "（") depth++;
      else if (c === ")" || c === "）") {
        if (depth === 0) {
          end = k;
          break;
        }
        depth--;
      } else if (depth === 0 && (c === "。" || c === "\n")) {
        end = k;
        break;
      }
    }
    return { label: m.label, body: text.slice(m.body, end) };
  });
  const hasLead = segs.some((s) => s.label === "牵头单位" || s.label === "牵头部门");
  const lead: string[] = [];
  const coop: string[] = [];
  for (const { label, body } of segs) {
    if (!UNIT_LABEL.test(label)) continue;
    // Commas separate the lead list from a trailing "X、Y等协同落实" list; 、 separates names.
    for (const part of splitTop(body, /[,，;；]/)) {
      if (!part.trim()) continue;
      if (COOP_SUFFIX.test(part.trim())) {
        coop.push(...splitUnits(part.trim().replace(COOP_SUFFIX, "")));
        continue;
      }
      // "责任单位:市司法局,各县(市、区)人民政府": the localities after the comma carry it out under the first.
      const localities = /责任/.test(label) && !hasLead && lead.length > 0 && /^\s*各/.test(part);
      const isLead = !localities && (/牵头|主办/.test(label) || (/责任/.test(label) && !hasLead));
      (isLead ? lead : coop).push(...splitUnits(part));
    }
  }
  return result(lead, coop, "label");
}

const ORG_END = /(局|委|办|厅|院|中心|政府|公司|集团|街道|镇|乡|部|室|所|队|会|处|站|行|社|署|管委会|分局|支队|大队|园区|单位|部门)$/;
const ACTOR = /负责|牵头|配合|参与|会同|协同|协助/;

/** The parts of one "(…)" that name units, read as lead or cooperating. */
function unitsOfParts(parts: string[]): { lead: string[]; coop: string[] } | null {
  const lead: string[] = [];
  const coop: string[] = [];
  const hasLeadVerb = parts.some((p) => /牵头/.test(p));
  let any = false;
  for (const raw of parts) {
    const p = raw.trim().replace(/^由/, "");
    if (!p) continue;
    let m: RegExpExecArray | null;
    if ((m = /^(.+?)会同(.+?)(共同)?(负责|推进|实施|落实)?$/.exec(p))) {
      lead.push(...splitUnits(m[1]));
      coop.push(...splitUnits(m[2]));
    } else if ((m = /^(.+?)牵头(负责|推进|落实|实施)?$/.exec(p))) lead.push(...splitUnits(m[1]));
    else if ((m = /^(.+?)(等)?(配合|参与|协同|协助)(落实|推进|实施)?$/.exec(p))) coop.push(...splitUnits(m[1]));
    else if ((m = /^(.+?)(按职责分工|按照职责分工|按职责|分别|共同|具体)?负责(落实|推进|实施)?$/.exec(p))) (hasLeadVerb ? coop : lead).push(...splitUnits(m[1]));
    else continue;
    any = true;
  }
  return any ? { lead, coop } : null;
}

/**
 * Units in closing brackets: "(市发改委、市经信局负责,2025年6月底前完成)", "(X牵头,Y配合)", and a
 * bare "(区住建局、区城管局)" ending a sentence when every part is an organization's name.
 */
export function extractParenUnits(text: string): UnitsFact {
  if (!/[(（]/.test(text)) return emptyUnits();
  const lead: string[] = [];
  const coop: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "(" && text[i] !== "（") continue;
    const j = closing(text, i);
    if (j < 0) break;
    const inner = text.slice(i + 1, j);
    const parts = splitTop(inner, /[,，;；]/);
    const u = ACTOR.test(inner) ? unitsOfParts(parts) : null;
    if (u) {
      lead.push(...u.lead);
      coop.push(...u.coop);
    } else if (!ACTOR.test(inner) && (j === text.length - 1 || /[。;；]/.test(text[j + 1] ?? "") || /[。;；]/.test(text[i - 1] ?? ""))) {
      const names = splitUnits(inner);
      if (names.length && names.every((n) => ORG_END.test(n) && n.length <= 20) && !/简称|以下|含|包括/.test(inner)) lead.push(...names);
    }
    i = j;
  }
  return result(lead, coop, "paren");
}

// An organization's name ends in what organizations are called.
const ORG_ALT = "(?:管委会|委监委|人民政府|人民法院|人民检察院|检察院|法院|分局|支队|大队|中心|集团|公司|街道|政府|局|委|办|厅|院|部|室|所|队|处|站)";
const ONE_NAME = new RegExp(`^[\u4e00-\u9fff()（）]{1,20}?${ORG_ALT}`);
const INLINE_LEAD = /由([^,，。;由]{2,30}?)(牵头|负责)/g;
const INLINE_COOP = /牵头[,，]([^。;]{2,80}?)(参与|配合|协同)/g;
const SELF_LEAD = /(?:^|[。;,，:])([^,，。;:由()]{2,30}?)牵头负责/g;
const BY_DUTY = /(?:^|[。;:,，])([^。;:,，()]{2,80}?)按职责分工负责/g;
const CLAUSE_STOP = /[。;；:：,，]/;

/** "A、B和C" where every part is an organization's name, else null. */
function nameList(s: string): string[] | null {
  // 和/及 join two names ("A和B") but also sit inside one ("发展和改革委员会"): split there only when needed.
  const isName = (x: string) => x.length >= 2 && x.length <= 24 && ORG_END.test(x);
  const parts = s.split("、").flatMap((x) => (isName(x.trim()) ? [x.trim()] : x.split(/和|及/).map((y) => y.trim())));
  return parts.length && parts.every(isName) ? parts : null;
}

/**
 * "由X会同Y制定…": X back to 由, Y the names after 会同 (the last one cut where its name ends).
 * Anchored on 会同, so no pattern runs over the whole text.
 */
function withUnits(text: string): { lead: string[]; coop: string[] } {
  const lead: string[] = [];
  const coop: string[] = [];
  for (let at = text.indexOf("会同"); at >= 0; at = text.indexOf("会同", at + 2)) {
    let a = at;
    while (a > 0 && text[a - 1] !== "由" && !CLAUSE_STOP.test(text[a - 1]) && at - a < 40) a--;
    // "由X会同Y…", or X opening its clause ("X会同Y对…进行监督").
    if (a > 0 && text[a - 1] !== "由" && !CLAUSE_STOP.test(text[a - 1])) continue;
    const x = nameList(text.slice(a, at));
    let e = at + 2;
    while (e < text.length && !CLAUSE_STOP.test(text[e]) && e - at < 80) e++;
    const parts = text.slice(at + 2, e).split("、");
    const last = ONE_NAME.exec(parts[parts.length - 1])?.[0];
    const y = last ? nameList([...parts.slice(0, -1), last].join("、")) : null;
    if (!x || !y) continue;
    lead.push(...x);
    coop.push(...y);
  }
  return { lead, coop };
}

/** "县文旅局负责日常管理": named organizations as the subject of 负责 (not 负责人, 负责同志). */
function subjectUnits(text: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf("负责"); at >= 0; at = text.indexOf("负责", at + 2)) {
    if (/^(人|同志)/.test(text.slice(at + 2, at + 4))) continue;
    let a = at;
    while (a > 0 && !CLAUSE_STOP.test(text[a - 1]) && at - a < 60) a--;
    const names = nameList(text.slice(a, at).replace(/(具体|统一|牵头|主要)$/, ""));
    if (names) out.push(...names);
  }
  return out;
}

/** Units named in prose, for documents without labels or brackets. Least sure of the three. */
export function extractInlineUnits(text: string): UnitsFact {
  const lead: string[] = [];
  const coop: string[] = [];
  if (text.includes("会同")) {
    const w = withUnits(text);
    lead.push(...w.lead.flatMap(splitUnits));
    coop.push(...w.coop.flatMap(splitUnits));
  }
  // "由职能所在部门继续负责": the adverb before 负责 is not part of the name.
  // Each pattern only where its anchor word is: most measures name no unit in prose at all.
  if (!lead.length && text.includes("由")) for (const m of text.matchAll(INLINE_LEAD)) lead.push(...splitUnits(m[1]));
  if (text.includes("牵头")) for (const m of text.matchAll(INLINE_COOP)) coop.push(...splitUnits(m[1]));
  if (!lead.length && text.includes("牵头负责")) for (const m of text.matchAll(SELF_LEAD)) lead.push(...splitUnits(m[1]));
  if (!lead.length && text.includes("按职责分工负责")) for (const m of text.matchAll(BY_DUTY)) if (m[1].split(/[、,，]/).every((n) => ORG_END.test(n.trim()))) lead.push(...splitUnits(m[1]));
  if (!lead.length && text.includes("负责")) lead.push(...subjectUnits(text).flatMap(splitUnits));
  return result(lead, coop, "prose");
}

export function extractUnits(text: string): UnitsFact {
  const labeled = extractLabeledUnits(text);
  if (labeled.lead.length || labeled.cooperating.length) return labeled;
  const paren = extractParenUnits(text);
  if (paren.lead.length || paren.cooperating.length) return paren;
  return extractInlineUnits(text);
}
