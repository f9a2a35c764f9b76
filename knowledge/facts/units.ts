// Responsible units: "(责任单位:A、B;配合单位:C)", "(牵头单位:X,Y、Z等协同落实)",
// section lines "牵头单位:…" / "责任单位:…", and inline "由X牵头,Y等参与" / "由X负责".

import type { UnitsFact } from "../types.ts";

const LABELED = /(责任单位|牵头单位|配合单位|协办单位|参与单位|协同单位|主办单位)[:]([^;)\n]*)/g;
const COOP_SUFFIX = /(等)?(协同落实|配合落实|协同|配合|参与)$/;
const GENERIC = /^(相关|有关|其他|其它)?(职能)?(单位|部门)$/;

/** Split "A、B,各C、D等" into clean names; generic "相关单位" carries no information and is dropped. */
export function splitUnits(list: string): string[] {
  return list
    .split(/[、,，]/)
    .map((u) =>
      u
        .trim()
        .replace(/[。.;:]+$/, "")
        .replace(/^(及|和|以及)/, "")
        .replace(/^各/, "")
        .replace(/等$/, "")
        .replace(/(等)?(相关)?(职能)?(部门|单位)?$/, (m) => (m.startsWith("等") ? "" : m))
        .trim(),
    )
    .filter((u) => u.length >= 2 && !GENERIC.test(u));
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

export function emptyUnits(): UnitsFact {
  return { lead: [], cooperating: [] };
}

/** Units stated with labels. When a 牵头单位 is named, 责任单位 are the ones carrying it out with it. */
export function extractLabeledUnits(text: string): UnitsFact {
  const segs: { label: string; body: string }[] = [];
  for (const m of text.matchAll(LABELED)) segs.push({ label: m[1], body: m[2] });
  if (segs.length === 0) return emptyUnits();
  const hasLead = segs.some((s) => s.label === "牵头单位");
  const lead: string[] = [];
  const coop: string[] = [];
  for (const { label, body } of segs) {
    // Commas separate the lead list from a trailing "X、Y等协同落实" list (and, in some documents,
    // groups inside one list); 、 separates names.
    for (const part of body.split(/[,，;]/)) {
      if (!part) continue;
      if (COOP_SUFFIX.test(part)) {
        coop.push(...splitUnits(part.replace(COOP_SUFFIX, "")));
        continue;
      }
      const isLead = label === "牵头单位" || (label === "责任单位" && !hasLead) || label === "主办单位";
      (isLead ? lead : coop).push(...splitUnits(part));
    }
  }
  return { lead: uniq(lead), cooperating: uniq(coop.filter((u) => !lead.includes(u))) };
}

const INLINE_LEAD = /由([^,，。;由]{2,30}?)(牵头|负责)/g;
const INLINE_COOP = /牵头[,，]([^。;]{2,80}?)(参与|配合|协同)/g;

/** Units named in prose, for documents without labeled unit lists. */
export function extractInlineUnits(text: string): UnitsFact {
  const lead: string[] = [];
  const coop: string[] = [];
  // "由职能所在部门继续负责": the adverb before 负责 is not part of the name.
  for (const m of text.matchAll(INLINE_LEAD)) lead.push(...splitUnits(m[1].replace(/(继续|具体|统一|统筹|分别|共同|全面|主要|负责)+$/, "")));
  for (const m of text.matchAll(INLINE_COOP)) coop.push(...splitUnits(m[1]));
  return { lead: uniq(lead), cooperating: uniq(coop.filter((u) => !lead.includes(u))) };
}

export function extractUnits(text: string): UnitsFact {
  const labeled = extractLabeledUnits(text);
  if (labeled.lead.length || labeled.cooperating.length) return labeled;
  return extractInlineUnits(text);
}
