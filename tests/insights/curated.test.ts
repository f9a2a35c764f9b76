// The loop an administrator closes, through the real admin API of two bot instances on one Redis
// and one knowledge folder: a refused question is logged and grouped; linking its group to a
// measure makes it answered on both instances (the reload reaches the second); a thesaurus entry
// makes an everyday term find the measure; curated answers must cite a measure whose text backs
// their figures, or be platform statements without any — rejected in Chinese otherwise; a rule
// saved on one instance applies on the other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import type { ServerType } from "@hono/node-server";
import { buildRoot, type Root } from "../../bot/root/index.ts";
import { createApp, type App } from "../../bot/app.ts";
import { startHttp } from "../../bot/channels/local/http.ts";
import type { IncomingMessage, Reply } from "../../core/message.ts";
import type { KnowledgeService, ReloadReport } from "../../knowledge/service.ts";
import { REDIS_URL } from "../support/redis-url.ts";
import { createRedisClient } from "../../bot/root/redis.ts";
import { ADMIN_TOKEN, CONFIG_DIR, copyCorpus, silent, tempDir, testConfig } from "../admin/helpers.ts";

const prefix = `zwbtest:${randomUUID()}:`;
let dir: string;
const roots: Root[] = [];
const apps: App[] = [];
const servers: ServerType[] = [];
let base = "";
let n = 0;

const ask = (app: App, userId: string, text: string): Promise<Reply> =>
  app.handle({ channel: "dingtalk", messageId: `c${++n}`, userId, text, mentioned: true, receivedAt: new Date() } satisfies IncomingMessage).then((r) => r!);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = async (path: string, init: RequestInit = {}): Promise<any> => {
  const res = await fetch(`${base}/api/admin${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "x-zwb-admin": encodeURIComponent("李四"), "x-zwb-client": "console", "content-type": "application/json", ...(init.headers ?? {}) },
  });
  return { status: res.status, ...((await res.json()) as object) };
};
const post = (body: unknown) => call("/insights/curated", { method: "POST", body: JSON.stringify(body) });
const syncReload = (kb: KnowledgeService) =>
  new Promise<ReloadReport>((resolve) => {
    const off = kb.onReload((r, origin) => {
      if (origin === "sync") {
        off();
        resolve(r);
      }
    });
  });

const REFUSED = "奶茶店办证要多久";
const MEASURE = "xuwei-2021-zuofeng-jianshe#8"; // 企业开办 …

beforeAll(async () => {
  dir = await tempDir("curated");
  await copyCorpus(join(dir, "kb"));
  await cp(CONFIG_DIR, join(dir, "config"), { recursive: true });
  for (const name of ["one", "two"]) {
    const w = await buildRoot(
      testConfig({ ZWB_STORE: "redis", REDIS_URL, ZWB_REDIS_PREFIX: prefix, ZWB_DATA_DIR: join(dir, name), ZWB_KB_DIR: join(dir, "kb"), ZWB_CONFIG_DIR: join(dir, "config"), ZWB_ID_SALT: "shared-salt-0123456789", ZWB_RATE_LIMIT_PER_MINUTE: "1000" }),
      silent,
    );
    roots.push(w);
    apps.push(createApp(w.deps));
  }
  const started = await startHttp({ app: apps[0], root: roots[0] }, 0, "127.0.0.1");
  servers.push(started.server);
  base = `http://127.0.0.1:${started.port}`;
});

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  for (const w of roots) await w.close();
  const c = createRedisClient(REDIS_URL, () => undefined);
  await c.connect();
  for await (const keys of c.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await c.del(keys);
  await c.close();
  await rm(dir, { recursive: true, force: true });
});

describe("closing the loop on unanswered questions", () => {
  it("a refused question, linked to a measure, is answered on both instances", async () => {
    expect((await ask(apps[0], "qy-1", REFUSED)).outcome).toBe("refuse");
    expect((await ask(apps[1], "qy-2", "奶茶店办证需要多久？")).outcome).toBe("refuse");
    await Promise.all(roots.map((w) => w.questions.flush()));
    const { groups } = await call("/insights/unanswered");
    const g = groups.find((x: { title: string }) => x.title.startsWith("奶茶店办证"));
    expect(g).toMatchObject({ count: 2, reasons: ["refuse"] });
    expect(g.questions).toHaveLength(2);

    const synced = syncReload(roots[1].deps.kb);
    const saved = await post({ kind: "phrasing", group: g.id, measure: MEASURE });
    expect(saved).toMatchObject({ status: 200, ok: true });
    expect(saved.file).toMatch(/^faq\/phrasing-[0-9a-f]{10}\.json$/);
    const onDisk = JSON.parse(await readFile(join(dir, "kb", saved.file), "utf8"));
    expect(onDisk).toMatchObject({ kind: "phrasing", measure: MEASURE, by: "李四" });
    expect(onDisk.questions.sort()).toEqual(["奶茶店办证要多久", "奶茶店办证需要多久？"]);
    expect((await synced).ok).toBe(true);
    expect(roots[1].deps.kb.version).toBe(roots[0].deps.kb.version);

    for (const app of apps) {
      const r = await ask(app, "qy-3", REFUSED);
      expect(r.outcome).toBe("answer");
      expect(r.citations[0].measureId).toBe(MEASURE);
    }
    // Dealt with: the group leaves the list.
    expect((await call("/insights/unanswered")).groups.find((x: { id: string }) => x.id === g.id)).toBeUndefined();
    const audit = await readFile(join(dir, "one", "audit.jsonl"), "utf8");
    expect(audit).toContain('"action":"curated.add"');
    expect(audit).toContain("console:李四");
  });

  it("a thesaurus entry lets an everyday term find the measures using the official one", async () => {
    const q = "奶茶铺子几天能办好";
    expect((await ask(apps[0], "qy-4", q)).outcome).toBe("refuse");
    const bad = await post({ kind: "thesaurus", terms: ["奶茶铺子"], official: "宇宙飞船" });
    expect(bad.status).toBe(422);
    expect(bad.message).toBe("规范用语：「宇宙飞船」在知识库文档中没有出现，不能作为规范用语");
    const ok = await post({ kind: "thesaurus", terms: ["奶茶铺子"], official: "企业开办" });
    expect(ok).toMatchObject({ status: 200, ok: true });
    const r = await ask(apps[0], "qy-4", q);
    expect(r.outcome).toBe("answer");
    expect(r.citations[0].text).toContain("企业开办");
  });

  it("a curated answer cites a measure backing its figures or is a platform statement without any", async () => {
    const files = await readdir(join(dir, "kb", "faq"));
    const bare = await post({ kind: "answer", questions: ["政务帮周末有人值班吗"], answer: "周末也可以留言。" });
    expect(bare.status).toBe(422);
    expect(bare.message).toBe("引用措施：整理答复须引用一条措施，或标记为平台说明");
    const invented = await post({ kind: "answer", questions: ["奶茶店执照多久"], answer: "2个工作日内办结。", measure: MEASURE });
    expect(invented.status).toBe(422);
    expect(invented.message).toMatch(/^答复内容：「2个工作日」不在所引措施的原文中$/);
    const platformLimit = await post({ kind: "answer", questions: ["政务帮周末有人值班吗"], answer: "留言后3个工作日内回复。", platform: true });
    expect(platformLimit.status).toBe(422);
    expect(platformLimit.message).toMatch(/^答复内容：平台说明不能含有时限、日期或比例/);
    expect(await readdir(join(dir, "kb", "faq"))).toEqual(files); // nothing written

    const ok = await post({ kind: "answer", questions: ["政务帮周末有人值班吗"], answer: "政务帮全天可以接收留言和投诉，工作人员在工作日处理。", platform: true });
    expect(ok).toMatchObject({ status: 200, ok: true });
    const r = await ask(apps[0], "qy-5", "政务帮周末有人值班吗？");
    expect(r).toMatchObject({ outcome: "answer", grounded: false });
    expect(r.text).toContain("（平台说明）");

    const listed = await call("/insights/curated");
    expect(listed.entries.map((e: { kind: string }) => e.kind).sort()).toEqual(["answer", "phrasing", "thesaurus"]);
    const id = listed.entries.find((e: { kind: string }) => e.kind === "answer").id;
    expect((await call(`/insights/curated/${id}`, { method: "DELETE" })).ok).toBe(true);
    expect((await ask(apps[0], "qy-5", "政务帮周末有人值班吗？")).text).not.toContain("平台说明");
  });

  it("a rule saved in the console on one instance applies on the other at once", async () => {
    const routing = JSON.parse((await call("/config")).files.find((f: { name: string }) => f.name === "routing.json").content);
    routing.keywords.push({ match: ["奶茶店"], unit: "市场监督管理局" });
    const saved = await call("/config/routing.json", { method: "PUT", body: JSON.stringify(routing, null, 2) });
    expect(saved).toMatchObject({ status: 200, ok: true });
    expect(saved.message).toContain("已通知其他实例");
    await expect.poll(() => roots[1].deps.tickets.routing().keywords.at(-1)?.match).toEqual(["奶茶店"]);
    const reminders = await call("/config/reminders.json", { method: "PUT", body: JSON.stringify({ overdue: { escalateAfterWorkdays: 5 } }) });
    expect(reminders.ok).toBe(true);
    await expect.poll(() => roots[1].reminders.scheduler.deps.rules.overdue.escalateAfterWorkdays).toBe(5);
    expect(roots[1].reminders.weekly.recipients().length).toBeGreaterThan(0);
  });

  it("a broken curated file rejects a reload with a Chinese error naming the field; the old version serves", async () => {
    const { writeFile } = await import("node:fs/promises");
    const v = roots[0].deps.kb.version;
    await writeFile(join(dir, "kb", "faq", "answer-0000000000.json"), JSON.stringify({ kind: "answer", questions: ["x"], answer: "y", by: "张三", at: "2026-12-01" }));
    const r = await roots[0].deps.kb.reload();
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([{ file: "faq/answer-0000000000.json", field: "measure", message: "引用措施：整理答复须引用一条措施，或标记为平台说明" }]);
    expect(roots[0].deps.kb.version).toBe(v);
    await rm(join(dir, "kb", "faq", "answer-0000000000.json"));
  });
});
