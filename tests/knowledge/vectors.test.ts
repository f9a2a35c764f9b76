import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../core/log.ts";
import { VectorIndex } from "../../knowledge/search/vectors.ts";
import { createEmbeddings } from "../../knowledge/search/embeddings.ts";
import { openKnowledge } from "../../bot/root/knowledge.ts";
import { loadConfig } from "../../bot/config.ts";
import { OpenAIEmbeddings } from "@langchain/openai";
import { startOpenAiStub, stubEmbedding, type OpenAiStub } from "../fakes/openai-stub.ts";

const items = [
  { id: "water", text: "优化用水、用气报装办理程序,无外线工程的,用水用气办理报装时间不超过3个工作日" },
  { id: "complaint", text: "建立企业投诉首问负责制,企业投诉事项应在5个工作日内答复办理结果" },
  { id: "online", text: "不断拓展政务服务平台功能,实现80%的审批事项网上办" },
  { id: "permit", text: "全面推行政府投资项目多评合一,6月底前完成区域评估" },
];

let stub: OpenAiStub;
let dir: string;
const log = silentLogger();

const embeddingsFor = (model: string) =>
  createEmbeddings({ apiKey: "sk-test", baseURL: stub.url, model, timeoutMs: 5000, maxRetries: 0 });

beforeAll(async () => {
  stub = await startOpenAiStub();
  dir = await mkdtemp(join(tmpdir(), "zwb-vectors-"));
});
afterAll(async () => {
  await stub.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  stub.requests.length = 0;
});

describe("semantic search at the composition root", () => {
  it("is off unless both the key and the embedding model are set", async () => {
    for (const env of [{ OPENAI_API_KEY: "k" }, { ZWB_EMBEDDING_MODEL: "m" }]) {
      const { kb, report } = await openKnowledge(loadConfig({ ...env, ZWB_DATA_DIR: dir }), log);
      expect(report.ok).toBe(true);
      expect(kb.current().vectors).toBeNull();
      expect(stub.requests).toHaveLength(0);
    }
  });
});

describe("VectorIndex", () => {
  it("ranks the relevant item first for a paraphrased query", async () => {
    const index = await VectorIndex.build(items, { embeddings: embeddingsFor("emb-a"), cacheFile: join(dir, "a.json"), log });
    const hits = await index.search("办理用水报装需要几个工作日?", 3);
    expect(hits).toHaveLength(3);
    expect(hits[0].id).toBe("water");
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    expect((await index.search("企业投诉多久答复", 1))[0].id).toBe("complaint");
    const [req] = stub.embeddingRequests();
    expect(req.body.model).toBe("emb-a");
    expect(req.body.input).toEqual(items.map((i) => i.text));
  });

  it("re-embeds nothing on a second build with the same cache file, only what changed", async () => {
    const cacheFile = join(dir, "b.json");
    await VectorIndex.build(items, { embeddings: embeddingsFor("emb-b"), cacheFile, log });
    expect(stub.embeddingRequests()).toHaveLength(1);

    stub.requests.length = 0;
    const again = await VectorIndex.build(items, { embeddings: embeddingsFor("emb-b"), cacheFile, log });
    expect(stub.embeddingRequests()).toHaveLength(0);
    expect(again.size).toBe(items.length);

    const changed = [...items.slice(0, 3), { id: "permit", text: "全面推行政府投资项目多评合一,10月底前完成区域评估" }];
    await VectorIndex.build(changed, { embeddings: embeddingsFor("emb-b"), cacheFile, log });
    expect(stub.embeddingRequests().map((r) => r.body.input)).toEqual([[changed[3].text]]);
    // The replaced text's vector is dropped from the file.
    const cache = JSON.parse(await readFile(cacheFile, "utf8"));
    expect(Object.keys(cache.vectors)).toHaveLength(4);
  });

  it("keys the cache by model: another model embeds everything again", async () => {
    const cacheFile = join(dir, "c.json");
    await VectorIndex.build(items, { embeddings: embeddingsFor("emb-c1"), cacheFile, log });
    stub.requests.length = 0;
    await VectorIndex.build(items, { embeddings: embeddingsFor("emb-c2"), cacheFile, log });
    expect(stub.embeddingRequests().map((r) => r.body.input.length)).toEqual([items.length]);
  });

  it("survives a corrupt cache file and an empty item list", async () => {
    const cacheFile = join(dir, "d.json");
    await (await import("node:fs/promises")).writeFile(cacheFile, "{not json");
    const index = await VectorIndex.build(items, { embeddings: embeddingsFor("emb-d"), cacheFile, log });
    expect((await index.search("网上办事项比例", 1))[0].id).toBe("online");
    const empty = await VectorIndex.build([], { embeddings: embeddingsFor("emb-d"), cacheFile: join(dir, "e.json"), log });
    expect(await empty.search("任何问题", 5)).toEqual([]);
  });

  it("embeds a repeated query once", async () => {
    const index = await VectorIndex.build(items, { embeddings: embeddingsFor("emb-a"), cacheFile: join(dir, "a.json"), log });
    stub.requests.length = 0;
    await index.search("用水报装", 2);
    await index.search("用水报装", 2);
    expect(stub.embeddingRequests()).toHaveLength(1);
  });
});

describe("the stub's embeddings endpoint", () => {
  it("answers the client's default base64 encoding with the same vectors", async () => {
    const plain = new OpenAIEmbeddings({ model: "m", apiKey: "k", maxRetries: 0, configuration: { baseURL: stub.url } });
    const v = await plain.embedQuery("用水报装");
    expect(stub.embeddingRequests()[0].body.encoding_format).toBe("base64");
    const expected = stubEmbedding("用水报装");
    expect(v).toHaveLength(expected.length);
    v.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 5));
  });
});
