// Reads ZWB_KB_DIR/faq/*.json into the curated set the knowledge service indexes with its measures
// (knowledge/curated.ts). Runs inside every build, so the entries are versioned with the knowledge
// base, validated like its documents (a broken file rejects the reload, the old version serves),
// and reloaded on every instance the reload reaches.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createHash } from "node:crypto";
import type { Measure } from "../../knowledge/types.ts";
import type { LoadError } from "../../knowledge/load-error.ts";
import type { CuratedAnswer, CuratedLoader, CuratedSet } from "../../knowledge/curated.ts";
import { checkEntry } from "./check.ts";
import type { CuratedEntry } from "./schema.ts";

export const FAQ_DIR = "faq";
const MAX_FILE_BYTES = 256 * 1024;

export interface CuratedFile {
  file: string;
  id: string;
  entry: CuratedEntry;
}

/** Every entry file with its parsed entry; unreadable or invalid files go to `errors`. */
export async function readCurated(kbDir: string, measures: readonly Measure[]): Promise<{ files: CuratedFile[]; errors: LoadError[]; hash: string }> {
  const dir = join(kbDir, FAQ_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith(".json") && !f.startsWith(".")).sort();
  } catch {
    return { files: [], errors: [], hash: "" };
  }
  const byId = new Map(measures.map((m) => [m.id, m]));
  const h = createHash("sha256");
  const files: CuratedFile[] = [];
  const errors: LoadError[] = [];
  for (const name of names) {
    const file = `${FAQ_DIR}/${name}`;
    let raw: string;
    try {
      raw = await readFile(join(dir, name), "utf8");
    } catch (e) {
      errors.push({ file, message: `无法读取：${(e as Error).message}` });
      continue;
    }
    h.update(`\u0000${name}\u0001${raw}`);
    if (raw.length > MAX_FILE_BYTES) {
      errors.push({ file, message: `文件过大（上限 ${MAX_FILE_BYTES} 字节）` });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.replace(/^\ufeff/, ""));
    } catch (e) {
      errors.push({ file, message: `不是合法的 JSON：${(e as Error).message}` });
      continue;
    }
    const r = checkEntry(json, byId);
    if (!r.ok) {
      for (const i of r.issues) errors.push({ file, ...(i.field ? { field: i.field } : {}), message: `${i.label}：${i.message}` });
      continue;
    }
    files.push({ file, id: name.replace(/\.json$/, ""), entry: r.entry });
  }
  return { files, errors, hash: names.length ? h.digest("hex").slice(0, 16) : "" };
}

/** The curated set of the files: extra wording per measure, curated answers, the questions dealt with. */
export function curatedSetOf(files: CuratedFile[], measures: readonly Measure[], errors: LoadError[] = [], hash = ""): CuratedSet {
  const extra = new Map<string, string[]>();
  const add = (id: string, text: string) => {
    const list = extra.get(id) ?? [];
    list.push(text);
    extra.set(id, list);
  };
  const answers: CuratedAnswer[] = [];
  const questions: string[] = [];
  for (const { file, id, entry: e } of files) {
    if (e.kind === "phrasing") {
      for (const q of e.questions) add(e.measure, q);
      questions.push(...e.questions);
    } else if (e.kind === "thesaurus") {
      // The everyday terms join every measure that uses the official one, so they retrieve it and
      // count as covered words of a question.
      for (const m of measures) if (m.text.includes(e.official) || m.path.some((p) => p.includes(e.official))) add(m.id, e.terms.join(" "));
      questions.push(...e.examples);
    } else {
      if (e.measure) for (const q of e.questions) add(e.measure, q);
      answers.push({ id, file, questions: e.questions, answer: e.answer, measureId: e.measure ?? null });
      questions.push(...e.questions);
    }
  }
  return {
    phrasings: new Map([...extra].map(([id, list]) => [id, list.join(" ")])),
    answers,
    questions,
    fingerprint: hash,
    files: files.length,
    errors,
    warnings: [],
  };
}

/** The loader the composition root hands to the knowledge service. */
export const loadCuratedSet: CuratedLoader = async (dir, measures) => {
  const { files, errors, hash } = await readCurated(dir, measures);
  return curatedSetOf(files, measures, errors, hash);
};
