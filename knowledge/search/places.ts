// Place names that pick a document: a question naming a district or city. In a knowledge base holding
// several regions' policies, the place a user names says which document they mean.
import type { DocumentMeta } from "../types.ts";

const ADMIN_UNIT = /([\u4e00-\u9fff]{2,8}?)(经济技术开发区|高新(?:技术)?产业开发区|开发区|新区|自治州|省|市|区|县|镇)/g;
// Too broad to pick a document, or part of every title.
const TOO_BROAD = new Set(["本地", "全省", "全市", "全区", "各县", "城市", "地区", "开发", "行政"]);

/** Short and full forms of the places a document names in its region and title. */
export function placeKeys(meta: Pick<DocumentMeta, "region" | "title">): string[] {
  const keys = new Set<string>();
  for (const src of [meta.region ?? "", meta.title]) {
    for (const m of src.matchAll(ADMIN_UNIT)) {
      const short = m[1].replace(/^年/, "");
      if (short.length < 2 || TOO_BROAD.has(short)) continue;
      keys.add(short);
      keys.add(short + m[2]);
    }
  }
  return [...keys];
}

export class PlaceIndex {
  private readonly byKey = new Map<string, Set<string>>();

  constructor(docs: Pick<DocumentMeta, "id" | "region" | "title">[]) {
    for (const d of docs)
      for (const k of placeKeys(d)) {
        let s = this.byKey.get(k);
        if (!s) this.byKey.set(k, (s = new Set()));
        s.add(d.id);
      }
    // A key naming most documents (a province they share) picks none.
    for (const [k, s] of this.byKey) if (docs.length > 2 && s.size > docs.length / 2) this.byKey.delete(k);
  }

  /** The places a question names and the documents they pick. */
  match(question: string): { keys: string[]; docs: Set<string> } {
    const keys = [...this.byKey.keys()].filter((k) => question.includes(k));
    const docs = new Set(keys.flatMap((k) => [...this.byKey.get(k)!]));
    return { keys, docs };
  }
}
