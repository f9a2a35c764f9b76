// A question log kept before the per-day tables existed gets them made from its raw entries on open,
// with the same figures as if they had been kept all along.
import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteQuestionStore } from "../../insights/sqlite-store.ts";
import type { LoggedQuestion } from "../../insights/types.ts";

const q = (id: string, day: string, outcome: LoggedQuestion["outcome"], norm: string, offered: string[] = []): LoggedQuestion => ({
  id, at: Date.parse(`${day}T02:00:00Z`), day, channel: "local", user: "u", text: norm, norm, outcome, confidence: null, offered, kb: null,
});

describe("SQLite question log", () => {
  it("rebuilds the per-day tables from the raw log", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zwb-rebuild-"));
    const file = join(dir, "q.sqlite");
    const batch = [q("1", "2026-12-01", "answer", "甲", ["m#1"]), q("2", "2026-12-01", "refuse", "乙"), q("3", "2026-12-02", "refuse", "乙"), q("4", "2026-12-02", "suggest", "丙", ["m#2"])];
    const a = new SqliteQuestionStore(file);
    await a.append(batch);
    const expected = { days: await a.days("2026-12-01", "2026-12-02"), top: await a.topMeasures("2026-12-01", "2026-12-02", 5), open: await a.unanswered("2026-12-01", "2026-12-02", 5) };
    await a.close();
    const raw = new Database(file);
    for (const t of ["day_outcomes", "day_feedback", "day_measures", "day_open"]) raw.exec(`DELETE FROM ${t}`);
    raw.close();
    const b = new SqliteQuestionStore(file);
    expect({ days: await b.days("2026-12-01", "2026-12-02"), top: await b.topMeasures("2026-12-01", "2026-12-02", 5), open: await b.unanswered("2026-12-01", "2026-12-02", 5) }).toEqual(expected);
    expect(expected.open.map((o) => [o.norm, o.count])).toEqual([["乙", 2], ["丙", 1]]);
    await b.append([batch[0]]); // a replayed entry is not counted twice
    expect((await b.days("2026-12-01", "2026-12-01"))[0].outcomes).toEqual({ answer: 1, refuse: 1 });
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
