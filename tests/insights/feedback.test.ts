// Feedback in chat through the real pipeline, on the embedded store and on Redis: "没用" right after
// an answer is recorded against that answer (not an earlier one), thanked, and offers other items
// or a person; small talk in between does not move it; with nothing to rate it says how to rate; a
// second rating of the same answer is not counted twice.
import { afterAll, describe, expect, it } from "vitest";
import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { buildRoot, type Root } from "../../bot/root/index.ts";
import { createApp, type App } from "../../bot/app.ts";
import type { Reply } from "../../core/message.ts";
import { REDIS_URL } from "../support/redis-url.ts";
import { createRedisClient } from "../../bot/root/redis.ts";
import { userKey } from "../../core/user-key.ts";
import { CONFIG_DIR, copyCorpus, silent, tempDir, testConfig } from "../admin/helpers.ts";

const prefix = `zwbtest:${randomUUID()}:`;
const dirs: string[] = [];
const roots: Root[] = [];
let n = 0;
const SALT = "feedback-salt-0123456789";

async function open(store: "memory" | "redis"): Promise<{ app: App; root: Root }> {
  const dir = await tempDir("feedback");
  dirs.push(dir);
  await copyCorpus(join(dir, "kb"));
  await cp(CONFIG_DIR, join(dir, "config"), { recursive: true });
  const env: Record<string, string> = { ZWB_STORE: store, ZWB_DATA_DIR: join(dir, "data"), ZWB_KB_DIR: join(dir, "kb"), ZWB_CONFIG_DIR: join(dir, "config"), ZWB_ID_SALT: SALT, ZWB_RATE_LIMIT_PER_MINUTE: "1000" };
  if (store === "redis") Object.assign(env, { REDIS_URL, ZWB_REDIS_PREFIX: prefix });
  const root = await buildRoot(testConfig(env), silent);
  roots.push(root);
  return { app: createApp(root.deps), root };
}

afterAll(async () => {
  for (const r of roots) await r.close();
  const c = createRedisClient(REDIS_URL, () => undefined);
  await c.connect();
  for await (const keys of c.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await c.del(keys);
  await c.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe.each(["memory", "redis"] as const)("feedback in chat (%s)", (store) => {
  it("binds to the answer just given and offers other items or a person", async () => {
    const { app, root } = await open(store);
    const say = async (userId: string, text: string): Promise<Reply> => (await app.handle({ channel: "wechat", messageId: `f${++n}`, userId, text, mentioned: true, receivedAt: new Date() }))!;
    // Nothing answered yet: nothing to bind to, and not a question to search either.
    expect(await say("p1", "没用")).toMatchObject({ outcome: "smalltalk", text: expect.stringMatching(/^请先提出您的问题/) });
    const first = await say("p1", "无外线工程的用水报装几个工作日办好");
    expect(first.outcome).toBe("answer");
    const second = await say("p1", "企业开办全程网办怎么办理");
    expect(second.outcome).toBe("answer");
    expect((await say("p1", "谢谢")).outcome).toBe("smalltalk"); // in between: still the second answer
    const useless = await say("p1", "没用！");
    expect(useless.text).toMatch(/^抱歉没有帮到您，已记录/);
    expect(useless.text).toMatch(/12345/);
    expect(useless.offered ?? []).not.toContain(second.offered![0]);
    expect(useless.offered!.length).toBeGreaterThan(0);
    expect((await say("p1", "没用")).text).toBe("已收到您对这条答复的评价，谢谢！");
    await root.questions.flush();
    const key = userKey(SALT, "wechat", "p1");
    const rows = (await root.questions.store.recent(20)).filter((r) => r.user === key);
    const rated = rows.find((r) => r.text === "企业开办全程网办怎么办理")!;
    const open1 = await root.questions.store.unanswered("2000-01-01", "2100-01-01", 10);
    expect(open1).toEqual([expect.objectContaining({ norm: rated.norm, reasons: ["rated"], count: 1, offered: second.offered })]);
    const today = rated.day;
    expect((await root.questions.store.days(today, today))[0].feedback).toEqual({ useless: 1 });

    // Another person, "有用" after their answer: thanked, counted as useful, nothing unanswered.
    await say("p2", "无外线工程的用水报装几个工作日办好");
    expect((await say("p2", "很有用，谢谢")).text).toBe("感谢您的反馈，很高兴能帮到您！");
    await root.questions.flush();
    expect((await root.questions.store.days(today, today))[0].feedback).toEqual({ useless: 1, useful: 1 });
    // A question that merely starts like feedback is a question.
    expect((await say("p2", "有用水报装的办理时限吗")).outcome).not.toBe("smalltalk");
  });
});
