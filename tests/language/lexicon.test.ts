// Generated from the data: every entry of every phrase table, and every thesaurus entry that has
// them, must match each of its examples and none of its counter-examples. An edit that breaks what
// an entry was written for fails here, naming the table, the entry and the sentence.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { LEXICON, parseThesaurus, readMessage } from "../../language/index.ts";
import { loadTable, LexiconError, TABLE_SOURCES, type Table } from "../../language/lexicon/index.ts";

const tables: Table[] = Object.values(LEXICON);
const cases = tables.flatMap((table) =>
  table.entries.flatMap((e) => [
    ...e.examples.map((x) => ({ table: table.name, id: e.id, text: x, want: true, entry: e })),
    ...e.counterExamples.map((x) => ({ table: table.name, id: e.id, text: x, want: false, entry: e })),
  ]),
);

describe("phrase tables: every example and counter-example", () => {
  it("has tables with entries", () => {
    expect(Object.keys(TABLE_SOURCES).length).toBeGreaterThanOrEqual(9);
    expect(cases.length).toBeGreaterThan(300);
  });
  it.each(cases.map((c) => [`${c.table}/${c.id} ${c.want ? "matches" : "does not match"} “${c.text}”`, c] as const))("%s", (_name, c) => {
    expect(c.entry.match(readMessage(c.text)) !== null).toBe(c.want);
  });
});

describe("the thesaurus", () => {
  const raw = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../config/thesaurus.json"), "utf8"));
  const thes = parseThesaurus(raw);
  it("holds hundreds of entries of general vocabulary", () => {
    expect(thes.size).toBeGreaterThanOrEqual(250);
  });
  const withExamples = thes.entries.flatMap((e) => [
    ...(e.examples ?? []).map((x) => [e.id, x, true] as const),
    ...(e.counterExamples ?? []).map((x) => [e.id, x, false] as const),
  ]);
  it.each(withExamples.length ? withExamples : [["(none)", "", true] as const])("%s: “%s” → %s", (id, text, want) => {
    if (id === "(none)") return;
    expect(thes.expand(readMessage(text)).hits.some((h) => h.entry === id)).toBe(want);
  });
});

describe("validation", () => {
  it("rejects a table entry without examples, with a bad pattern or a duplicate id, naming the field", () => {
    const bad = {
      table: "t",
      entries: [
        { id: "a", terms: ["x"], weight: 1, examples: [] },
        { id: "b", patterns: ["(unclosed"], weight: 1, examples: ["y"] },
        { id: "b", terms: ["z"], weight: 1, examples: ["z"] },
      ],
    };
    expect(() => loadTable(bad, "t.json")).toThrow(LexiconError);
    try {
      loadTable(bad, "t.json");
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain("entries.0.examples");
      expect(msg).toContain("entries.1.patterns.0");
      expect(msg).toContain("重复的 id");
    }
  });
  it("rejects a thesaurus with a duplicated everyday term or a one-character term", () => {
    expect(() => parseThesaurus({ entries: [{ id: "a", terms: ["开店"], official: ["企业开办"] }, { id: "b", terms: ["开店"], official: ["x"] }] })).toThrow(/开店/);
    expect(() => parseThesaurus({ entries: [{ id: "a", terms: ["章"], official: ["印章"] }] })).toThrow(/entries\.0\.terms\.0/);
  });
});
