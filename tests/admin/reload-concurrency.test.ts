// Reloads alternate between two corpora while questions keep coming: no answer fails, and every
// answer carries one version and cites only documents of that version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { KnowledgeService } from "../../knowledge/service.ts";
import { copyCorpus, silent, tempDir } from "./helpers.ts";

const DROPPED = ["haicheng-2018-zhuanxiang-zhengzhi", "yancheng-2020-fangguanfu"];
const QUESTIONS = [
  "企业开办多长时间能办结？",
  "无外线工程的用水报装要几个工作日？",
  "起重机械告知登记需要什么材料？",
  "涉企检查有什么要求？",
  "政务服务好差评怎么做？",
  "工程建设项目审批时间是多少？",
  "今天天气怎么样？",
  "不动产登记多久办完？",
];

let root: string;
let dirA: string;
let dirB: string;
beforeAll(async () => {
  root = await tempDir("reload");
  dirA = await copyCorpus(join(root, "a"));
  dirB = await copyCorpus(join(root, "b"), { without: DROPPED });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("reload under concurrent questions", () => {
  it("never fails an answer nor mixes versions", async () => {
    const kb = new KnowledgeService(dirA, silent);
    const docsOf = new Map<string, Set<string>>();
    const remember = () => docsOf.set(kb.current().version, new Set(kb.current().docs.map((d) => d.meta.id)));
    expect((await kb.reload(dirA)).ok).toBe(true);
    remember();
    expect((await kb.reload(dirB)).ok).toBe(true);
    remember();
    expect(docsOf.size).toBe(2);
    for (const id of DROPPED) expect([...docsOf.values()].some((s) => !s.has(id))).toBe(true);

    const asks: Promise<Awaited<ReturnType<KnowledgeService["ask"]>>>[] = [];
    const reloads: Promise<unknown>[] = [];
    for (let round = 0; round < 12; round++) {
      reloads.push(kb.reload(round % 2 ? dirB : dirA));
      // Questions are fired while the reload is reading and parsing files.
      for (let i = 0; i < 25; i++) {
        asks.push(kb.ask(QUESTIONS[(round * 25 + i) % QUESTIONS.length]));
        if (i % 5 === 0) await new Promise((r) => setImmediate(r));
      }
    }
    const settled = await Promise.allSettled(asks);
    const reports = (await Promise.all(reloads)) as { ok: boolean }[];
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(settled.filter((s) => s.status === "rejected")).toEqual([]);

    const answers = settled.map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<KnowledgeService["ask"]>>>).value);
    const seen = new Set(answers.map((a) => a.version));
    expect(seen.size).toBe(2); // both versions served during the run
    let cited = 0;
    for (const a of answers) {
      const docs = docsOf.get(a.version);
      expect(docs, `unknown version ${a.version}`).toBeDefined();
      expect(a.text.length).toBeGreaterThan(0);
      for (const c of a.citations) {
        expect(docs!.has(c.doc), `${c.doc} cited by version ${a.version}`).toBe(true);
        cited++;
      }
    }
    expect(cited).toBeGreaterThan(50);
  });
});
