// The bot as wired for real (memory store, temp data/KB/config folders): forged admin commands are
// refused and audited; the admin HTTP API reloads, uploads through staging, edits rules with zod
// validation, exports tickets, and audits every call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cp, readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ServerType } from "@hono/node-server";
import { buildRoot, type Root } from "../../bot/root/index.ts";
import { createApp, type App } from "../../bot/app.ts";
import { startHttp } from "../../bot/channels/local/http.ts";
import type { IncomingMessage } from "../../core/message.ts";
import type { AuditEntry } from "../../bot/admin/audit.ts";
import { makeDocx } from "../fixtures/make-docx.ts";
import { beijingMinute } from "../../core/time.ts";
import { ADMIN_TOKEN, CONFIG_DIR, copyCorpus, silent, tempDir, testConfig } from "./helpers.ts";

let root: string;
let w: Root;
let app: App;
let server: ServerType;
let base: string;
let n = 0;

const msg = (userId: string, text: string, channel: IncomingMessage["channel"] = "dingtalk"): IncomingMessage => ({
  channel,
  messageId: `m${++n}`,
  userId,
  text,
  mentioned: true,
  receivedAt: new Date(),
});

async function auditLines(): Promise<AuditEntry[]> {
  const raw = await readFile(join(root, "data", "audit.jsonl"), "utf8").catch(() => "");
  return raw.split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

// Response bodies are checked field by field below, so they are read untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

const auth = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${ADMIN_TOKEN}`, ...extra });

beforeAll(async () => {
  root = await tempDir("adminapp");
  await copyCorpus(join(root, "kb"));
  await cp(CONFIG_DIR, join(root, "config"), { recursive: true });
  const config = testConfig({
    ZWB_DATA_DIR: join(root, "data"),
    ZWB_KB_DIR: join(root, "kb"),
    ZWB_CONFIG_DIR: join(root, "config"),
    ZWB_ADMIN_IDS: "dingtalk:boss",
    ZWB_RATE_LIMIT_PER_MINUTE: "1000",
  });
  w = await buildRoot(config, silent);
  app = createApp(w.deps);
  const started = await startHttp({ app, root: w }, 0, "127.0.0.1");
  server = started.server;
  base = `http://127.0.0.1:${started.port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await w.close();
  await rm(root, { recursive: true, force: true });
});

describe("admin chat commands", () => {
  it("a forged reload from a non-admin id is refused and audited", async () => {
    const before = w.deps.kb.current().builtAt;
    const reply = await app.handle(msg("mallory", "重新加载知识库"));
    expect(reply?.text).toMatch(/仅限管理员/);
    expect(w.deps.kb.current().builtAt).toBe(before); // nothing was rebuilt
    const refused = (await auditLines()).filter((e) => e.actor === "dingtalk:mallory");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ channel: "dingtalk", action: "kb.reload", allowed: false });
    expect(Date.parse(refused[0].at)).not.toBeNaN();
  });

  it("the same command from the admin reloads and is audited", async () => {
    const reply = await app.handle(msg("boss", "/reload"));
    expect(reply?.text).toMatch(/知识库已更新/);
    const mine = (await auditLines()).filter((e) => e.actor === "dingtalk:boss");
    expect(mine.at(-1)).toMatchObject({ action: "kb.reload", allowed: true, ok: true, detail: { version: w.deps.kb.version } });
  });
});

describe("admin HTTP API", () => {
  it("refuses a wrong token and audits it", async () => {
    const res = await fetch(`${base}/api/admin/kb/reload`, { method: "POST", headers: { authorization: "Bearer wrong-token-wrong-token" } });
    expect(res.status).toBe(401);
    expect((await auditLines()).at(-1)).toMatchObject({ action: "POST /api/admin/kb/reload", allowed: false });
  });

  it("reloads with the token, recording the console user's name", async () => {
    const res = await fetch(`${base}/api/admin/kb/reload`, { method: "POST", headers: auth({ "x-zwb-admin": encodeURIComponent("张三"), "x-zwb-client": "console" }) });
    expect(res.status).toBe(200);
    const reloaded = await readJson(res);
    expect(reloaded).toMatchObject({ ok: true, version: w.deps.kb.version });
    expect((await auditLines()).at(-1)).toMatchObject({ actor: "console:张三", channel: "console", action: "kb.reload", ok: true });
    const health = await readJson(fetch(`${base}/healthz`));
    expect(health.kbVersion).toBe(w.deps.kb.version);
  });

  it("a good .docx upload goes live; a bad one changes nothing and returns the errors", async () => {
    const v0 = w.deps.kb.version;
    const docx = await makeDocx(["关于测试上传的实施方案", "一、工作任务", "1.推行园区企业登记代办服务,3个工作日内办结。(责任单位:园区管委会)"]);
    const form = new FormData();
    form.append("file", new Blob([docx]), "shangchuan.docx");
    const ok = await fetch(`${base}/api/admin/kb/documents`, { method: "POST", headers: auth(), body: form });
    expect(ok.status).toBe(200);
    const okBody = await readJson(ok);
    expect(okBody).toMatchObject({ ok: true, file: "shangchuan.docx", replaced: false });
    expect(w.deps.kb.version).not.toBe(v0);
    expect(await readdir(join(root, "kb"))).toContain("shangchuan.docx");
    const doc = await readJson(fetch(`${base}/api/admin/kb/documents/shangchuan`, { headers: auth() }));
    expect(doc.meta.title).toBe("关于测试上传的实施方案");
    expect(doc.measures[0].facts.units.lead).toContain("园区管委会");

    const v1 = w.deps.kb.version;
    const files = await readdir(join(root, "kb"));
    const bad = await fetch(`${base}/api/admin/kb/documents?filename=${encodeURIComponent("坏文件.txt")}`, {
      method: "POST",
      headers: auth({ "content-type": "application/octet-stream" }),
      body: Buffer.concat([Buffer.from("一、工作任务\n1.第一条。\n"), Buffer.from([0xff, 0xfe])]),
    });
    expect(bad.status).toBe(422);
    const badBody = await readJson(bad);
    expect(badBody.ok).toBe(false);
    expect(badBody.report.errors).toEqual([{ file: "坏文件.txt", line: 3, message: expect.stringMatching(/UTF-8/) }]);
    expect(w.deps.kb.version).toBe(v1);
    expect(await readdir(join(root, "kb"))).toEqual(files);
    const audits = (await auditLines()).filter((e) => e.action === "kb.upload");
    expect(audits.map((e) => e.ok)).toEqual([true, false]);
  });

  it("an upload name is decoded once: a % in the name stays; a badly encoded X-Filename is a 400", async () => {
    const text = "关于百分百达标的实施方案\n一、工作任务\n1.推行达标服务,5个工作日内办结。(责任单位:园区管委会)\n";
    const res = await fetch(`${base}/api/admin/kb/documents?filename=${encodeURIComponent("100%达标.txt")}`, { method: "POST", headers: auth({ "content-type": "application/octet-stream" }), body: text });
    expect(res.status).toBe(200);
    expect((await readJson(res)).file).toBe("100%达标.txt");
    expect(await readdir(join(root, "kb"))).toContain("100%达标.txt");
    const viaHeader = await fetch(`${base}/api/admin/kb/documents`, { method: "POST", headers: auth({ "content-type": "application/octet-stream", "x-filename": encodeURIComponent("页眉名.txt") }), body: text.replace("百分百", "页眉") });
    expect((await readJson(viaHeader)).file).toBe("页眉名.txt");
    const broken = await fetch(`${base}/api/admin/kb/documents`, { method: "POST", headers: auth({ "content-type": "application/octet-stream", "x-filename": "%E4%B8" }), body: text });
    expect(broken.status).toBe(400);
    expect((await readJson(broken)).message).toMatch(/文件名编码无效/);
  });

  it("rejects an unsupported upload type by name", async () => {
    const res = await fetch(`${base}/api/admin/kb/documents?filename=x.exe`, { method: "POST", headers: auth(), body: "MZ" });
    expect(res.status).toBe(400);
    expect((await readJson(res)).message).toMatch(/不支持的文件类型 \.exe/);
  });

  it("a rule edit failing zod is rejected with the path; a valid edit is saved and applies at once", async () => {
    const file = join(root, "config", "routing.json");
    const original = await readFile(file, "utf8");
    const broken = JSON.parse(original);
    broken.keywords[0].match = [];
    const res = await fetch(`${base}/api/admin/config/routing.json`, { method: "PUT", headers: auth(), body: JSON.stringify(broken) });
    expect(res.status).toBe(422);
    const rejected = await readJson(res);
    expect(rejected.issues).toEqual([expect.objectContaining({ file: "routing.json", field: "keywords.0.match" })]);
    expect(await readFile(file, "utf8")).toBe(original);

    const unstaffed = { ...JSON.parse(original), defaultUnit: "不存在的局" };
    const cross = await fetch(`${base}/api/admin/config/routing.json`, { method: "PUT", headers: auth(), body: JSON.stringify(unstaffed) });
    expect(cross.status).toBe(422);
    expect((await readJson(cross)).issues[0].message).toMatch(/不存在的局/);

    const edited = JSON.parse(original);
    edited.keywords.push({ match: ["停车场收费"], unit: "市场监督管理局" });
    const saved = await fetch(`${base}/api/admin/config/routing.json`, { method: "PUT", headers: auth(), body: JSON.stringify(edited, null, 2) });
    expect(saved.status).toBe(200);
    expect(JSON.parse(await readFile(file, "utf8")).keywords.at(-1).match).toEqual(["停车场收费"]);
    expect(w.deps.tickets.routing().keywords.at(-1)?.unit).toBe("市场监督管理局");
    expect((await auditLines()).filter((e) => e.action === "config.save").map((e) => e.ok)).toEqual([false, false, true]);
  });

  it("reminder rules: a bad edit is rejected with its field path, a good one reaches the running scheduler", async () => {
    const bad = await fetch(`${base}/api/admin/config/reminders.json`, { method: "PUT", headers: auth(), body: JSON.stringify({ overdue: { escalateAfterWorkdays: -1 } }) });
    expect(bad.status).toBe(422);
    expect((await readJson(bad)).issues[0].field).toBe("overdue.escalateAfterWorkdays");
    const before = w.reminders.scheduler.deps.rules.overdue.escalateAfterWorkdays;
    const good = await fetch(`${base}/api/admin/config/reminders.json`, { method: "PUT", headers: auth(), body: JSON.stringify({ overdue: { escalateAfterWorkdays: before + 2 } }) });
    expect(good.status).toBe(200);
    expect(w.reminders.scheduler.deps.rules.overdue.escalateAfterWorkdays).toBe(before + 2);
    // Valid JSON for the schema, but naming a clock sla.json does not have: refused, nothing changes.
    const unknownKind = await fetch(`${base}/api/admin/config/reminders.json`, { method: "PUT", headers: auth(), body: JSON.stringify({ kinds: ["acept"] }) });
    expect(unknownKind.status).toBe(422);
    expect((await readJson(unknownKind)).issues[0].message).toContain("acept");
    expect(w.reminders.scheduler.deps.rules.overdue.escalateAfterWorkdays).toBe(before + 2);
    const files = (await readJson(await fetch(`${base}/api/admin/config`, { headers: auth() }))).files.map((f: { name: string }) => f.name);
    expect(files).toContain("reminders.json");
  });

  it("an officer added to the directory in the console gets reminders at once", async () => {
    const file = join(root, "config", "directory.json");
    const dir = JSON.parse(await readFile(file, "utf8"));
    const unit = Object.keys(dir.units)[0];
    dir.units[unit].push({ id: "new-1", name: "新承办人", channel: "local", userId: "officer-new", role: "officer" });
    const res = await fetch(`${base}/api/admin/config/directory.json`, { method: "PUT", headers: auth(), body: JSON.stringify(dir, null, 2) });
    expect(res.status).toBe(200);
    const targets = w.reminders.scheduler.targets(unit, false).map((t) => t.to.userId);
    expect(targets).toContain("officer-new");
  });

  it("lists tickets, shows one with history, and exports CSV", async () => {
    const r = await app.handle(msg("qiye-1", "投诉：窗口办理营业执照拖了两个月还没办好，一直让我补材料。", "http"));
    const id = r?.ticket?.id;
    expect(id).toBeTruthy();
    const list = await readJson(fetch(`${base}/api/admin/tickets`, { headers: auth() }));
    expect(list.tickets.map((t: { id: string }) => t.id)).toContain(id);
    const one = await readJson(fetch(`${base}/api/admin/tickets/${id}`, { headers: auth() }));
    expect(one.ticket.id).toBe(id);
    expect(one.history[0].type).toBe("created");
    const csv = await fetch(`${base}/api/admin/tickets/export.csv`, { headers: auth() });
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads UTF-8
    const text = bytes.toString("utf8");
    expect(text.slice(1).startsWith("单号,状态")).toBe(true);
    expect(text).toContain(id!);
    // People open the export: Beijing time to the minute, not ISO.
    expect(text).toContain(`,${beijingMinute(one.ticket.createdAt)},`);
    expect(text).not.toMatch(/\dT\d{2}:/);
  });

  it("serves the console page and the audit tail", async () => {
    const page = await fetch(`${base}/console`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("政务帮 管理控制台");
    const audit = await readJson(fetch(`${base}/api/admin/audit?n=3`, { headers: auth() }));
    expect(audit.entries).toHaveLength(3);
  });
});
