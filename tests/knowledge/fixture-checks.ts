// Scores the fact checks of tests/fixtures/documents/expected-facts.json against what the loader
// understood: one verdict per check, so the accuracy figure and every miss can be printed.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Measure, ParsedDocument } from "../../knowledge/types.ts";

export const FIXTURE_DIR = resolve(import.meta.dirname, "../fixtures/documents");

export interface Check {
  doc: string;
  kind: string;
  at?: string;
  field?: string;
  value: unknown;
  /** Written after the parser was done, with documents it had never seen. */
  blind?: boolean;
}

export const CHECKS: Check[] = JSON.parse(readFileSync(join(FIXTURE_DIR, "expected-facts.json"), "utf8")).checks;

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
// A limit is right when its value and unit are: "3个工作日以内" and "3个工作日" state the same limit.
const bare = (s: string) => s.replace(/(以内|之内|内办结|内完成|办结|完成|内)$/, "");

export function verdict(c: Check, docs: ParsedDocument[]): { ok: boolean; got: unknown } {
  const d = docs.find((x) => x.meta.id === c.doc);
  if (!d) return { ok: false, got: "document not loaded" };
  if (c.kind === "meta") {
    const got = (d.meta as unknown as Record<string, unknown>)[c.field!];
    return { ok: got === c.value, got };
  }
  if (c.kind === "noText") {
    const leaked = d.measures.filter((m) => m.text.includes(c.value as string)).map((m) => m.id);
    return { ok: leaked.length === 0, got: leaked };
  }
  const ms: Measure[] = d.measures.filter((m) => m.text.includes(c.at!));
  if (!ms.length) return { ok: false, got: "no measure holds the phrase" };
  // The most specific measure: the shortest one holding the phrase.
  const m = ms.reduce((a, b) => (b.text.length < a.text.length ? b : a));
  const f = m.facts;
  switch (c.kind) {
    case "lead":
      return { ok: same(f.units.lead, c.value as string[]), got: f.units.lead };
    case "coop":
      return { ok: same(f.units.cooperating, c.value as string[]), got: f.units.cooperating };
    case "deadline":
      return { ok: f.deadlines.some((x) => x.date === c.value), got: f.deadlines.map((x) => x.date ?? x.text) };
    case "ongoing":
      return { ok: f.deadlines.some((x) => x.ongoing && x.text === c.value), got: f.deadlines.map((x) => x.text) };
    case "subject":
      return { ok: f.deadlines.some((x) => x.subject.includes(c.value as string)), got: f.deadlines.map((x) => x.subject) };
    case "limit":
      return { ok: f.timeLimits.some((x) => bare(x.text) === bare(c.value as string) && x.kind !== "statutory"), got: f.timeLimits.map((x) => `${x.text}${x.kind ? `/${x.kind}` : ""}`) };
    case "statutory":
      return { ok: f.timeLimits.some((x) => bare(x.text) === bare(c.value as string) && x.kind === "statutory"), got: f.timeLimits.map((x) => `${x.text}${x.kind ? `/${x.kind}` : ""}`) };
    case "material":
      return { ok: f.requirements.some((x) => x.kind === "material" && x.text === c.value), got: f.requirements.map((x) => `${x.kind}:${x.text}`) };
    case "noMaterial":
      return { ok: !f.requirements.some((x) => x.kind === "material" && x.text.includes(c.value as string)), got: f.requirements.map((x) => `${x.kind}:${x.text}`) };
    case "recurring":
      return { ok: f.recurring.some((x) => x.every === c.value), got: f.recurring.map((x) => x.every) };
    case "path":
      return { ok: m.path.join(">") === c.value, got: m.path.join(">") };
    case "original":
      return { ok: (m.original ?? "").includes(c.value as string), got: m.original };
    default:
      return { ok: false, got: `unknown check kind ${c.kind}` };
  }
}
