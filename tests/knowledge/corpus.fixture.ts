// Parsed default corpus, shared by the knowledge tests.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { parseDocument } from "../../knowledge/parse/document.ts";
import type { DocumentMeta, Measure, ParsedDocument } from "../../knowledge/types.ts";

export const CORPUS_DIR = fileURLToPath(new URL("../../knowledge/corpus/", import.meta.url));

interface ManifestDoc extends Omit<DocumentMeta, "file"> {
  file: string;
}

export const manifest: { documents: ManifestDoc[] } = JSON.parse(readFileSync(join(CORPUS_DIR, "manifest.json"), "utf8"));

export function rawOf(id: string): string {
  return readFileSync(join(CORPUS_DIR, `${id}.txt`), "utf8");
}

const cache = new Map<string, ParsedDocument>();
export function parsed(id: string): ParsedDocument {
  let d = cache.get(id);
  if (!d) {
    const meta = manifest.documents.find((m) => m.id === id)!;
    d = parseDocument(rawOf(id), meta);
    cache.set(id, d);
  }
  return d;
}

export function measure(id: string, pathSuffix: string): Measure {
  const doc = parsed(id);
  const m = doc.measures.find((x) => x.id === `${id}#${pathSuffix}`);
  if (!m) throw new Error(`no measure ${id}#${pathSuffix}; have ${doc.measures.map((x) => x.id).join("\n")}`);
  return m;
}

export const XUWEI = "xuwei-2021-zuofeng-jianshe";
export const HAICHENG = "haicheng-2018-zhuanxiang-zhengzhi";
export const CHANGXINGDAO = "changxingdao-2021-yingshang-yaodian";
export const YANCHENG = "yancheng-2020-fangguanfu";
export const BENQU = "benqu-2024-fazhan-huanjing";
