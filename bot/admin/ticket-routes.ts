// Tickets in the console: the list (filtered, paged, with 剩余工作日), one ticket with its history,
// CSV and .xlsx exports, and the officers' actions — accept, reply (relayed to the complainant),
// transfer, resolve, note — taken by the administrator under their name and audited.
import { Hono } from "hono";
import type { Root } from "../root/index.ts";
import { ticketsCsv } from "../cli/tickets.ts";
import { ticketsWorkbook } from "./tickets-xlsx.ts";
import { STATUS_ZH, type Ticket, type TicketStatus } from "../../tickets/types.ts";
import type { Outcome } from "../../tickets/service.ts";
import type { AdminEnv, RecordAction } from "./admin-env.ts";

const ACTIONS = ["accept", "reply", "transfer", "resolve", "note"] as const;
type Action = (typeof ACTIONS)[number];
const MAX_TEXT = 2000;

export function nextDueOf(t: Ticket) {
  return t.deadlines.filter((d) => !d.metAt).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0] ?? null;
}

export function ticketRoutes(root: Root, record: RecordAction): Hono<AdminEnv> {
  const { deps } = root;
  const api = new Hono<AdminEnv>();
  const store = () => root.store;

  /** Working days left to the next due day: 0 on the day itself, negative once overdue. */
  const remaining = (due: string | null, now: Date) => (due ? root.calendar.workdaysBetween(now, new Date(due)) : null);

  api.get("/tickets", async (c) => {
    const status = c.req.query("status");
    const now = deps.clock.now();
    const ts = await store().list({
      status: status ? (status.split(",") as TicketStatus[]) : undefined,
      unit: c.req.query("unit") || undefined,
      overdueAt: c.req.query("overdue") ? now : undefined,
    });
    const q = (c.req.query("q") ?? "").trim();
    const rows = ts
      .filter((t) => !q || t.id.includes(q.toUpperCase()) || t.text.includes(q))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((t) => {
        const next = nextDueOf(t);
        return { ...t, statusZh: STATUS_ZH[t.status], nextDue: next, overdue: Boolean(next && Date.parse(next.dueAt) < now.getTime()), remainingWorkdays: remaining(next?.dueAt ?? null, now) };
      });
    const size = Math.min(200, Math.max(1, Number(c.req.query("size")) || 20));
    const pages = Math.max(1, Math.ceil(rows.length / size));
    const page = Math.min(pages, Math.max(1, Number(c.req.query("page")) || 1));
    return c.json({
      tickets: rows.slice((page - 1) * size, page * size),
      total: rows.length,
      overdue: rows.filter((r) => r.overdue).length,
      page,
      size,
      pages,
      units: Object.keys(deps.tickets.directory().units),
    });
  });

  api.get("/tickets/export.csv", async (c) => {
    const ts = await store().list({});
    await record(c, "tickets.export", true, { count: ts.length, format: "CSV" });
    return c.body("\ufeff" + ticketsCsv(ts, deps.clock.now()), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="tickets.csv"`,
    });
  });

  api.get("/tickets/export.xlsx", async (c) => {
    const ts = await store().list({});
    const buf = await ticketsWorkbook(ts, deps.clock.now(), (d) => remaining(d, deps.clock.now()));
    await record(c, "tickets.export", true, { count: ts.length, format: "xlsx" });
    return c.body(new Uint8Array(buf), 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="tickets.xlsx"`,
    });
  });

  api.get("/tickets/:id/attachments/:aid", async (c) => {
    const t = await store().get(c.req.param("id"));
    const meta = t?.attachments?.find((a) => a.id === c.req.param("aid"));
    const bytes = t && meta ? deps.tickets.attachmentBytes(t.id, meta) : null;
    if (!t || !meta || !bytes) return c.json({ error: "not_found", message: "没有这个附件" }, 404);
    // Served as a download with its sniffed type; never rendered inline from our origin.
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": meta.type,
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`,
      "x-content-type-options": "nosniff",
    });
  });

  api.get("/tickets/:id", async (c) => {
    const t = await store().get(c.req.param("id"));
    if (!t) return c.json({ error: "not_found", message: `没有工单 ${c.req.param("id")}` }, 404);
    const now = deps.clock.now();
    const next = nextDueOf(t);
    // Attachments are listed with the URL that serves each one (below), for the console's detail view.
    const attachments = (t.attachments ?? []).map((a) => ({ ...a, url: `/api/admin/tickets/${encodeURIComponent(t.id)}/attachments/${a.id}` }));
    return c.json({
      ticket: { ...t, attachments, statusZh: STATUS_ZH[t.status], nextDue: next, remainingWorkdays: remaining(next?.dueAt ?? null, now) },
      history: await store().history(t.id),
      units: Object.keys(deps.tickets.directory().units),
    });
  });

  api.post("/tickets/:id/:action", async (c) => {
    const id = c.req.param("id");
    const action = c.req.param("action") as Action;
    if (!ACTIONS.includes(action)) return c.json({ error: "not_found", message: `不支持的操作 ${action}` }, 404);
    let body: { text?: unknown; unit?: unknown } = {};
    try {
      body = (await c.req.json()) ?? {};
    } catch {
      /* accept has no body */
    }
    const text = typeof body.text === "string" ? body.text.trim().slice(0, MAX_TEXT) : "";
    const unit = typeof body.unit === "string" ? body.unit.trim() : "";
    const svc = deps.tickets;
    const me = svc.consoleActor(c.get("actor").split(":").slice(1).join(":") || "admin");
    let out: Outcome;
    switch (action) {
      case "accept": out = await svc.accept(me, id); break;
      case "reply": out = await svc.reply(me, id, text); break;
      case "transfer": out = await svc.transfer(me, id, unit); break;
      case "resolve": out = await svc.resolve(me, id, text); break;
      case "note": out = await svc.note(me, id, text); break;
    }
    // What the action says to others (the reply to the complainant, the new unit's notice) goes out
    // as it would from chat: a transient failure waits on the retry queue.
    let undelivered = 0;
    for (const p of out.pushes) {
      try {
        await deps.pusher.push(p.to, p.text);
      } catch (err) {
        const queued = deps.requeue ? await deps.requeue(p.to, p.text, err).then(() => true, () => false) : false;
        if (!queued) undelivered++;
      }
    }
    await record(c, `ticket.${action}`, out.ok, { id, ...(unit ? { unit } : {}), ...(text ? { text: text.slice(0, 100) } : {}), message: out.text });
    const message = undelivered ? `${out.text}（有 ${undelivered} 条通知未能送达）` : out.text;
    return c.json({ ok: out.ok, message, ticket: out.ticket ? { ...out.ticket, statusZh: STATUS_ZH[out.ticket.status] } : null }, out.ok ? 200 : 422);
  });

  return api;
}
