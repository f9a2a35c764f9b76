// The admin HTTP API under /api/admin (bearer ZWB_ADMIN_TOKEN): knowledge-base status, reload and
// upload, documents with their extracted facts, rule files, audit log; tickets (ticket-routes.ts)
// and the insights — figures, unanswered questions, curated entries, weekly report
// (insights-routes.ts). Every state-changing call and every refused token is written to the audit log.
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createHash, timingSafeEqual } from "node:crypto";
import { LRUCache } from "lru-cache";
import { AuthThrottle } from "./auth-throttle.ts";
import type { Root } from "../root/index.ts";
import { formatReloadReport } from "../../handlers/admin.ts";
import { MAX_DOC_BYTES } from "../../knowledge/load.ts";
import { countFacts } from "../../knowledge/facts/index.ts";
import { describeDocument, documentReport, factLines } from "../../knowledge/facts/describe.ts";
import { uploadDocument, UploadNameError } from "./kb-upload.ts";
import { checkConfigEdit, checkReminderEdit, isConfigFile, readConfigFiles, reminderProblemIssues, REMINDERS_FILE, saveConfigFile } from "./config-files.ts";
import type { ReminderRules } from "../../reminders/rules.ts";
import { clientAddress } from "./client-address.ts";
import { auditView } from "./audit-zh.ts";
import { ticketRoutes } from "./ticket-routes.ts";
import { insightsRoutes } from "./insights-routes.ts";
import type { AdminEnv } from "./admin-env.ts";

export interface AdminApiOptions {
  root: Root;
  token: string;
}

type Env = AdminEnv;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function adminApi({ root, token }: AdminApiOptions): Hono<Env> {
  const { deps, audit } = root;
  const syncState = () => root.kbSync?.state() ?? null;
  const applyReminderRules = (rules: ReminderRules) => root.reminders.applyRules(rules);
  const api = new Hono<Env>();

  // Wrong tokens back off per address and per token (429 with Retry-After); failures are attributed
  // to the address they came from, not to the name the caller claims. Audit entries stay small: the
  // path is cut, and while an address is blocked only the first refusal is written.
  const throttle = new AuthThrottle({ shared: deps.shared });
  const blockAudited = new LRUCache<string, true>({ max: 10_000, ttl: 60_000 });
  api.use("*", bodyLimit({ maxSize: MAX_DOC_BYTES + 1024 * 1024, onError: (c) => c.json({ error: "too_large", message: `请求体过大（上限 ${MAX_DOC_BYTES} 字节）` }, 413, { connection: "close" }) }));
  api.use("*", async (c, next) => {
    // The console sends who is at the keyboard; the token alone cannot tell two administrators apart.
    let raw = (c.req.header("x-zwb-admin") ?? "").slice(0, 200);
    try {
      raw = decodeURIComponent(raw);
    } catch {
      /* keep it as sent */
    }
    const name = raw.replace(/[^\p{L}\p{N}_.@-]/gu, "").slice(0, 40) || "admin-token";
    const via = c.req.header("x-zwb-client") === "console" ? "console" : "http";
    const given = /^Bearer\s+(.+)$/i.exec((c.req.header("authorization") ?? "").slice(0, 1000))?.[1]?.trim() ?? "";
    const address = clientAddress(c);
    // The token is keyed by a hash prefix: never stored, never logged.
    const keys = [`addr:${address}`, ...(given ? [`tok:${createHash("sha256").update(given).digest("hex").slice(0, 12)}`] : [])];
    const action = `${c.req.method} ${c.req.path.slice(0, 120)}`;
    const wait = await throttle.retryAfter(keys);
    if (wait > 0) {
      if (!blockAudited.has(address)) {
        blockAudited.set(address, true);
        await audit.record({ actor: `address:${address}`, channel: via, action, allowed: false, detail: { reason: "throttled", name, retryAfterMs: wait } });
      }
      return c.json({ error: "too_many_attempts", message: `管理令牌错误次数过多，请 ${Math.ceil(wait / 1000)} 秒后再试` }, 429, { "Retry-After": String(Math.ceil(wait / 1000)) });
    }
    if (!given || !sameToken(given, token)) {
      const block = await throttle.fail(keys);
      await audit.record({ actor: `address:${address}`, channel: via, action, allowed: false, detail: { name, ...(block ? { backoffMs: block } : {}) } });
      return c.json({ error: "unauthorized", message: "管理令牌无效或缺失" }, 401, { "WWW-Authenticate": 'Bearer realm="zwb-admin"' });
    }
    await throttle.succeed([`addr:${address}`]);
    c.set("actor", `${via}:${name}`);
    c.set("via", via);
    await next();
  });

  const record = (c: Context<Env>, action: string, ok: boolean, detail?: Record<string, unknown>) =>
    audit.record({ actor: c.get("actor"), channel: c.get("via"), action, allowed: true, ok, detail });

  api.get("/kb", async (c) => {
    const cur = deps.kb.current();
    return c.json({
      version: cur.version,
      builtAt: cur.builtAt,
      dir: cur.dir,
      documents: cur.docs.length,
      measures: cur.measures.length,
      guides: cur.guides.length,
      warnings: cur.warnings,
      source: cur.source,
      problems: cur.skipped,
      sync: syncState(),
    });
  });

  api.post("/kb/reload", async (c) => {
    const report = await deps.kb.reload(undefined, { origin: c.get("via") });
    await record(c, "kb.reload", report.ok, { version: report.version, previousVersion: report.previousVersion, errors: report.errors.length });
    return c.json({ ...report, summary: formatReloadReport(report) }, report.ok ? 200 : 422);
  });

  api.get("/kb/documents", (c) => {
    const cur = deps.kb.current();
    return c.json({
      version: cur.version,
      documents: cur.docs.map((d) => ({
        ...d.meta,
        measures: d.measures.length,
        ...countFacts(d.measures),
        tables: d.tables?.length ?? 0,
        warnings: d.warnings,
      })),
      guides: cur.guides.map((g) => ({ service: g.service })),
    });
  });

  api.get("/kb/documents/:id", (c) => {
    const cur = deps.kb.current();
    const doc = cur.docs.find((d) => d.meta.id === c.req.param("id"));
    if (!doc) return c.json({ error: "not_found", message: `没有文档 ${c.req.param("id")}` }, 404);
    // The same reading as `zwb kb show <doc>`: per measure its fact lines, unsure ones flagged.
    return c.json({
      version: cur.version,
      meta: doc.meta,
      report: documentReport(doc),
      warnings: doc.warnings,
      tables: doc.tables ?? [],
      measures: doc.measures.map((m) => ({ ...m, factLines: factLines(m) })),
      text: describeDocument(doc),
    });
  });

  api.get("/kb/guides", (c) => c.json({ version: deps.kb.current().version, guides: deps.kb.current().guides }));

  api.post(
    "/kb/documents",
    bodyLimit({
      // Room for multipart framing; the loader itself rejects a document over MAX_DOC_BYTES by name.
      maxSize: MAX_DOC_BYTES + 1024 * 1024,
      onError: (c) => c.json({ error: "too_large", message: `文件过大（上限 ${MAX_DOC_BYTES} 字节）` }, 413),
    }),
    async (c) => {
      // The query value arrives decoded already (a "%" in it is part of the name); only the header,
      // which must be ASCII, carries a URL-encoded name, so only it is decoded, once.
      const fromHeader = c.req.query("filename") === undefined ? c.req.header("x-filename") : undefined;
      let filename = c.req.query("filename") ?? "";
      let bytes: Uint8Array;
      if ((c.req.header("content-type") ?? "").startsWith("multipart/form-data")) {
        const form = await c.req.formData();
        const f = form.get("file");
        if (!f || typeof f === "string") return c.json({ error: "invalid_body", message: "表单中缺少文件字段 file" }, 400);
        filename ||= f.name;
        bytes = new Uint8Array(await f.arrayBuffer());
      } else bytes = new Uint8Array(await c.req.arrayBuffer());
      if (fromHeader !== undefined && !filename) {
        try {
          filename = decodeURIComponent(fromHeader);
        } catch {
          return c.json({ error: "invalid_body", message: "文件名编码无效（X-Filename 应为 URL 编码的 UTF-8）" }, 400);
        }
      }
      if (!filename) return c.json({ error: "invalid_body", message: "需要文件名：?filename=… 或请求头 X-Filename" }, 400);
      try {
        const r = await uploadDocument(deps.kb, filename, bytes);
        await record(c, "kb.upload", r.ok, { file: r.file, bytes: bytes.length, version: r.report.version, errors: r.report.errors.length });
        return c.json({ ...r, summary: formatReloadReport(r.report) }, r.ok ? 200 : 422);
      } catch (e) {
        if (!(e instanceof UploadNameError)) throw e;
        await record(c, "kb.upload", false, { file: filename, message: e.message });
        return c.json({ ok: false, error: "invalid_name", message: e.message }, 400);
      }
    },
  );

  api.route("/", ticketRoutes(root, record));
  api.route("/", insightsRoutes(root, record));

  const configDir = root.config.ZWB_CONFIG_DIR;
  api.get("/config", async (c) => c.json({ files: await readConfigFiles(configDir) }));

  api.put("/config/:name", async (c) => {
    const name = c.req.param("name");
    if (!isConfigFile(name)) return c.json({ error: "not_found", message: `不可编辑的文件 ${name}` }, 404);
    const content = await c.req.text();
    if (name === REMINDERS_FILE) {
      const rc = checkReminderEdit(content);
      if (!rc.ok) {
        await record(c, "config.save", false, { file: name, issues: rc.issues.slice(0, 5) });
        return c.json({ ok: false, issues: rc.issues }, 422);
      }
      const problems = applyReminderRules(rc.rules);
      if (problems.length) {
        const issues = reminderProblemIssues(problems);
        await record(c, "config.save", false, { file: name, issues: issues.slice(0, 5) });
        return c.json({ ok: false, issues }, 422);
      }
      await saveConfigFile(configDir, name, content);
      const reached = await root.configSync?.publish(name).catch(() => null);
      await record(c, "config.save", true, { file: name, bytes: content.length, ...(typeof reached === "number" ? { instancesNotified: reached } : {}) });
      return c.json({ ok: true, message: `${name} 已校验并保存，下一轮提醒起生效${typeof reached === "number" ? "（已通知其他实例）" : ""}` });
    }
    const check = await checkConfigEdit(configDir, name, content);
    if (!check.ok) {
      await record(c, "config.save", false, { file: name, issues: check.issues.slice(0, 5) });
      return c.json({ ok: false, issues: check.issues }, 422);
    }
    await saveConfigFile(configDir, name, content);
    // The ticket service reads these on every call, so the new rules apply to the next message.
    deps.tickets.applyConfig(check.config);
    const reached = await root.configSync?.publish(name).catch(() => null);
    await record(c, "config.save", true, { file: name, bytes: content.length, ...(typeof reached === "number" ? { instancesNotified: reached } : {}) });
    return c.json({ ok: true, message: `${name} 已校验并保存，立即生效${typeof reached === "number" ? "（已通知其他实例）" : ""}` });
  });

  api.get("/audit", async (c) => {
    const entries = await audit.tail(Math.min(500, Number(c.req.query("n")) || 100));
    return c.json({ entries: entries.map((e) => ({ ...e, zh: auditView(e) })) });
  });

  return api;
}
