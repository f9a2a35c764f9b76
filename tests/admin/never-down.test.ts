// No document can take the bot down. At start-up a broken file in ZWB_KB_DIR is skipped and named
// (log, /healthz, kb stats) while the rest answers; when nothing can be built the last good
// snapshot from ZWB_DATA_DIR serves; `npm start` and `zwb chat --jsonl` both come up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readFile, rm, writeFile, mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { KnowledgeService } from "../../knowledge/service.ts";
import { startBot, PROJECT, type StartedBot } from "../support/start-bot.ts";
import { copyCorpus, silent, tempDir } from "./helpers.ts";

// "一、工作任务" in GBK: a file saved in the wrong encoding.
const GBK = Buffer.from([0xd2, 0xbb, 0xa1, 0xa2, 0xb9, 0xa4, 0xd7, 0xf7, 0xc8, 0xce, 0xce, 0xf1, 0x0a]);

let root: string;
beforeAll(async () => {
  root = await tempDir("neverdown");
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("timed out");
}

describe("the start-up load", () => {
  it("skips a broken file, names it, and serves the rest", async () => {
    const kbDir = await copyCorpus(join(root, "kb1"));
    await writeFile(join(kbDir, "坏文件.txt"), GBK);
    const kb = new KnowledgeService(kbDir, silent);
    const report = await kb.start();
    expect(report.ok).toBe(true);
    expect(report.source).toBe("partial");
    expect(report.skipped).toEqual([{ file: "坏文件.txt", line: 1, message: expect.stringContaining("UTF-8") }]);
    expect(kb.status()).toMatchObject({ source: "partial", documents: 5, problems: [expect.objectContaining({ file: "坏文件.txt" })] });
    const a = await kb.ask("企业开办多长时间能办结？");
    expect(a.grounded).toBe(true);
    // A reload (not a start) still rejects the folder for the broken file, and says which.
    const r = await kb.reload();
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.file)).toEqual(["坏文件.txt"]);
  });

  it("serves the last good snapshot when nothing can be built, and an empty knowledge base without one", async () => {
    const kbDir = await copyCorpus(join(root, "kb2"));
    const snapshotFile = join(root, "data2", "kb-snapshot.json");
    const good = new KnowledgeService(kbDir, silent, { snapshotFile });
    const first = await good.start();
    expect(first.source).toBe("built");
    await until(() => stat(snapshotFile).then(() => true, () => false));
    const snap = JSON.parse(await readFile(snapshotFile, "utf8"));
    expect(snap.version).toBe(first.version);

    // Every document broken: nothing to build from the folder.
    const broken = join(root, "kb2-broken");
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, "a.txt"), GBK);
    await writeFile(join(broken, "b.txt"), "");
    const later = new KnowledgeService(broken, silent, { snapshotFile });
    const r = await later.start();
    expect(r.ok).toBe(false);
    expect(later.status()).toMatchObject({ source: "snapshot", version: first.version, documents: 5 });
    expect(later.status().problems.map((p) => p.file).sort()).toEqual(["a.txt", "b.txt"]);
    const a = await later.ask("无外线工程的用水报装要几个工作日？");
    expect(a.grounded).toBe(true);
    expect(a.text).toContain("3个工作日");

    const none = new KnowledgeService(broken, silent, { snapshotFile: join(root, "nowhere", "kb-snapshot.json") });
    await none.start();
    expect(none.status()).toMatchObject({ source: "empty", documents: 0 });
    expect((await none.ask("企业开办多长时间能办结？")).grounded).toBe(false);
  });
});

describe("npm start and zwb chat with a broken file in ZWB_KB_DIR", () => {
  let kbDir: string;
  let bot: StartedBot;
  beforeAll(async () => {
    kbDir = await copyCorpus(join(root, "kb3"));
    await writeFile(join(kbDir, "broken.txt"), GBK);
    bot = await startBot({ ZWB_KB_DIR: kbDir });
  }, 90_000);
  afterAll(async () => {
    if (bot && bot.proc.exitCode === null) await bot.stop();
  });

  it("npm start comes up, reports the file in its log and /healthz, and answers from the rest", async () => {
    const health = (await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()) as { ok: boolean; kb: { source: string; problems: { file: string }[] } };
    expect(health.ok).toBe(true);
    expect(health.kb.source).toBe("partial");
    expect(health.kb.problems.map((p) => p.file)).toEqual(["broken.txt"]);
    expect(bot.stderr()).toContain("broken.txt");
    const r = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "nd", text: "无外线工程的用水报装要几个工作日？" }),
    });
    const body = (await r.json()) as { reply: string; citations: unknown[] };
    expect(body.reply).toContain("3个工作日");
    expect(body.citations.length).toBeGreaterThan(0);
  });

  it("zwb chat --jsonl comes up and answers; zwb kb stats names the file", { timeout: 60_000 }, async () => {
    const env = { ...process.env, ZWB_KB_DIR: kbDir, ZWB_STORE: "memory", REDIS_URL: "", OPENAI_API_KEY: "", ZWB_DATA_DIR: join(root, "data3") };
    const chat = spawn("npm", ["run", "-s", "zwb", "--", "chat", "--jsonl"], { cwd: PROJECT, env });
    let out = "";
    let err = "";
    chat.stdout.on("data", (d) => (out += d));
    chat.stderr.on("data", (d) => (err += d));
    chat.stdin.end(`${JSON.stringify({ user: "nd", text: "企业开办多长时间能办结？" })}\n`);
    const code = await new Promise<number | null>((r) => chat.on("close", r));
    expect(code, err).toBe(0);
    const reply = JSON.parse(out.trim().split("\n").at(-1)!);
    expect(reply.grounded).toBe(true);
    expect(err).toContain("broken.txt");

    const stats = spawn("npm", ["run", "-s", "zwb", "--", "kb", "stats"], { cwd: PROJECT, env });
    let sOut = "";
    stats.stdout.on("data", (d) => (sOut += d));
    expect(await new Promise<number | null>((r) => stats.on("close", r))).toBe(0);
    expect(sOut).toMatch(/未能加载的文件 1 个[\s\S]*broken\.txt/);
  });
});
