// `zwb kb reload --json` and `zwb audit tail` as an administrator runs them: the report names the
// bad file and line, the exit code says rejected, the run is audited, and with Redis the running
// instances are told to reload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { createClient } from "redis";
import { kbChannel, kbVersionKey } from "../../bot/admin/kb-sync.ts";
import { formatAuditEntry } from "../../bot/admin/audit.ts";
import { copyCorpus, tempDir } from "./helpers.ts";
import { REDIS_URL } from "../support/redis-url.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const prefix = `zwb-test-${randomUUID()}:`;
let root: string;
let env: NodeJS.ProcessEnv;

async function zwb(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ["--import", "tsx", "bot/cli/index.ts", ...args], { cwd: ROOT, env, timeout: 30_000 });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  root = await tempDir("cli");
  await copyCorpus(join(root, "kb"));
  env = { PATH: process.env.PATH, ZWB_KB_DIR: join(root, "kb"), ZWB_DATA_DIR: join(root, "data"), ZWB_LOG_LEVEL: "silent", REDIS_URL, ZWB_STORE: "memory", ZWB_REDIS_PREFIX: prefix };
});
afterAll(async () => {
  const c = createClient({ url: REDIS_URL });
  await c.connect();
  for await (const keys of c.scanIterator({ MATCH: `${prefix}*` })) if (keys.length) await c.del(keys);
  await c.close();
  await rm(root, { recursive: true, force: true });
});

describe("zwb kb reload / zwb audit tail", () => {
  it("a good reload prints the report, broadcasts it and is audited", async () => {
    const sub = createClient({ url: REDIS_URL });
    await sub.connect();
    const heard: string[] = [];
    await sub.subscribe(kbChannel(prefix), (m) => heard.push(m));
    try {
      const r = await zwb("kb", "reload", "--json");
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report).toMatchObject({ ok: true, documents: 5, errors: [] });
      expect(heard.map((m) => JSON.parse(m).version)).toEqual([report.version]);
      const c = sub.duplicate();
      await c.connect();
      expect(await c.get(kbVersionKey(prefix))).toBe(report.version);
      await c.close();
    } finally {
      await sub.close();
    }
  });

  it("a rejected reload exits non-zero naming the file and line, and is audited", async () => {
    await writeFile(join(root, "kb", "bad.txt"), Buffer.concat([Buffer.from("一、任务\n二、措施\n"), Buffer.from([0xc3, 0x28])]));
    const r = await zwb("kb", "reload", "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([{ file: "bad.txt", line: 3, message: expect.stringMatching(/UTF-8/) }]);

    const tail = await zwb("audit", "tail", "-n", "2", "--json");
    expect(tail.code).toBe(0);
    const entries = tail.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(entries.map((e) => [e.channel, e.action, e.ok])).toEqual([
      ["cli", "kb.reload", true],
      ["cli", "kb.reload", false],
    ]);
    expect(formatAuditEntry(entries[1])).toMatch(/cli:\S+\s+kb\.reload\s+失败/);
  });
});
