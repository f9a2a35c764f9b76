// The real pipeline with an OpenAI-compatible model configured (the stub server on 127.0.0.1):
// grounded model answers reach the user, invented numbers do not, and embeddings join the search.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOpenAiStub, type ChatMessage, type OpenAiStub } from "../fakes/openai-stub.ts";
import { localMsg, startApp, WATER_DOC, WATER_QUESTION, type Running } from "./helpers.ts";

let stub: OpenAiStub;
const answered: string[] = [];

// A "model" that answers from the passages it was sent, as a grounded model would: the limit it states
// is read from the request, never written into this test.
function grounded(messages: ChatMessage[]): string {
  const user = messages.find((m) => m.role === "user")?.content ?? "";
  const limit = /无外线工程的[^。;；]*?不超过(\d+个工作日)/.exec(user)?.[1];
  const text = limit ? `【模型】根据《关于进一步推进机关作风建设的实施方案》,无外线工程的用水报装时间不超过${limit}。` : "知识库中没有相关规定。";
  answered.push(text);
  return text;
}

/** The retrieval helper's prompt (REWRITE_SYSTEM_PROMPT): a restatement is asked, not an answer. */
const isRewrite = (ms: ChatMessage[]) => ms.some((m) => m.role === "system" && m.content.includes("检索助手"));

const env = (stubUrl: string, extra: Record<string, string> = {}) => ({
  OPENAI_API_KEY: "test",
  OPENAI_BASE_URL: stubUrl,
  ZWB_LLM_MODEL: "stub-model",
  ZWB_LLM_TIMEOUT_MS: "5000",
  ...extra,
});

beforeAll(async () => {
  stub = await startOpenAiStub();
});
afterAll(async () => {
  await stub?.close();
});
beforeEach(() => {
  stub.requests.length = 0;
  answered.length = 0;
});

describe("with a model configured", () => {
  let r: Running;
  beforeAll(async () => {
    r = await startApp(env(stub.url));
  });
  afterAll(async () => {
    await r?.close();
  });

  it("uses the model's answer when it is grounded in the cited passage", async () => {
    stub.setResponder(grounded);
    const reply = await r.app.handle(localMsg("asker", WATER_QUESTION));
    expect(stub.chatRequests()).toHaveLength(1);
    const req = stub.chatRequests()[0];
    expect(req.authorization).toBe("Bearer test");
    expect(req.body.model).toBe("stub-model");
    expect(answered).toHaveLength(1);
    expect(reply?.text).toBe(answered[0]);
    expect(reply?.text).toContain("3个工作日");
    expect(reply?.grounded).toBe(true);
    expect(reply?.citations.map((c) => c.doc)).toContain(WATER_DOC);
  });

  it("falls back to the extractive answer when the model invents 5个工作日", async () => {
    stub.setResponder(() => "【模型】根据《关于进一步推进机关作风建设的实施方案》,无外线工程的用水报装时间不超过5个工作日。");
    const reply = await r.app.handle(localMsg("asker", WATER_QUESTION));
    expect(stub.chatRequests()).toHaveLength(1);
    expect(reply?.text).not.toContain("【模型】");
    expect(reply?.text).toContain("3个工作日");
    expect(reply?.text).not.toContain("5个工作日");
    expect(reply?.citations.map((c) => c.doc)).toContain(WATER_DOC);
  });

  it("asks the model for a second opinion only on borderline complaints, and follows it", async () => {
    const isClassify = (ms: ChatMessage[]) => ms.some((m) => m.content.includes("投诉举报") && m.content.includes("政策咨询"));
    let verdict = "政策咨询";
    stub.setResponder((ms) => (isClassify(ms) ? verdict : "知识库中没有相关规定。"));
    // A grievance word in a question, no explicit 投诉: the rules weigh it, the model decides.
    const borderline = "窗口的人一直推诿,这种事到底归哪个部门管?";
    const asQuestion = await r.app.handle(localMsg("asker", borderline));
    expect(stub.chatRequests().filter((q) => isClassify(q.body.messages))).toHaveLength(1);
    expect(asQuestion?.intent).not.toBe("complaint");
    expect(asQuestion?.ticket).toBeNull();
    verdict = "投诉举报";
    const asComplaint = await r.app.handle(localMsg("asker", borderline));
    expect(asComplaint?.intent).toBe("complaint");
    expect(asComplaint?.ticket?.id).toMatch(/^TS\d{8}-/);
    // A clear complaint never waits for the model.
    stub.requests.length = 0;
    const clear = await r.app.handle(localMsg("asker", "我要投诉!窗口工作人员态度很差,让我来回跑了三趟"));
    expect(clear?.intent).toBe("complaint");
    expect(stub.chatRequests().filter((q) => isClassify(q.body.messages))).toHaveLength(0);
  });

  it("asks the model only to restate a question the knowledge base cannot answer, never to answer it", async () => {
    stub.setResponder((ms) => (isRewrite(ms) ? "今年世界杯冠军是哪个国家?" : grounded(ms)));
    const reply = await r.app.handle(localMsg("asker", "今年世界杯冠军是谁?"));
    expect(reply?.grounded).toBe(false);
    expect(reply?.text).toContain("12345");
    expect(stub.chatRequests().length).toBe(1);
    expect(isRewrite(stub.chatRequests()[0].body.messages)).toBe(true);
    expect(answered).toHaveLength(0);
  });

  it("a colloquial question is restated in the policies' terms before retrieval, and the answer still comes from the text", async () => {
    // The stub "model" restates; the restatement itself is data of this test, the numbers are not.
    stub.setResponder((ms) => (isRewrite(ms) ? "无外线工程的用水报装办理时间是多少个工作日?" : grounded(ms)));
    const colloquial = "厂子想通自来水，不用另外拉管子，得等几天";
    const reply = await r.app.handle(localMsg("asker", colloquial));
    const rewrites = stub.chatRequests().filter((q) => isRewrite(q.body.messages));
    expect(rewrites).toHaveLength(1);
    // The user's words reach the model fenced, as data.
    expect(JSON.stringify(rewrites[0].body.messages)).toContain("<<<用户问题>>>");
    expect(reply?.grounded).toBe(true);
    expect(reply?.citations[0].doc).toBe(WATER_DOC);
    expect(reply?.text).toContain("3个工作日");
  });

  it("a restatement that invents a number changes nothing the user is told about numbers", async () => {
    stub.setResponder((ms) => (isRewrite(ms) ? "用水报装是不是7个工作日办结?" : "【模型】用水报装7个工作日办结。"));
    const reply = await r.app.handle(localMsg("asker", "厂子想通自来水，不用另外拉管子，得等几天"));
    expect(reply?.text).not.toContain("7个工作日");
  });

  it("a model that never answers the restatement costs only the wait: the first retrieval stands", async () => {
    stub.setResponder((ms) => (isRewrite(ms) ? { hang: true } : grounded(ms)));
    const t0 = Date.now();
    const reply = await r.app.handle(localMsg("asker", "今年世界杯冠军是谁?"));
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(reply?.grounded).toBe(false);
    expect(reply?.text).toContain("12345");
  });
});

describe("with ZWB_EMBEDDING_MODEL set", () => {
  let r: Running;
  let startup: { model: string; inputs: number }[] = [];
  beforeAll(async () => {
    stub.requests.length = 0;
    r = await startApp(env(stub.url, { ZWB_EMBEDDING_MODEL: "stub-embed" }));
    startup = stub.embeddingRequests().map((q) => ({ model: q.body.model, inputs: [q.body.input].flat().length }));
  });
  afterAll(async () => {
    await r?.close();
  });

  it("embeds the corpus and the question and still answers right", async () => {
    // wire() built the vector index from the corpus at startup.
    expect(startup.length).toBeGreaterThan(0);
    expect(startup.every((q) => q.model === "stub-embed")).toBe(true);
    expect(startup.reduce((n, q) => n + q.inputs, 0)).toBe(r.w.deps.kb.current().measures.length);
    expect(r.w.deps.kb.current().vectors?.size).toBe(r.w.deps.kb.current().measures.length);
    stub.setResponder(grounded);
    const reply = await r.app.handle(localMsg("asker", WATER_QUESTION));
    // The question itself was embedded for the vector half of the fusion.
    const inputs = stub.embeddingRequests().flatMap((q) => (Array.isArray(q.body.input) ? q.body.input : [q.body.input]));
    expect(inputs.some((i: unknown) => String(i).includes("用水报装"))).toBe(true);
    expect(reply?.text).toContain("3个工作日");
    expect(reply?.text).not.toContain("5个工作日");
    expect(reply?.citations.map((c) => c.doc)).toContain(WATER_DOC);
  });
});
