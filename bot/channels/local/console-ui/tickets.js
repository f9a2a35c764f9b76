// 工单: the list (filters, pages, 剩余工作日) with the selected ticket beside it, where the
// administrator accepts, replies (relayed to the complainant), transfers, resolves or notes it —
// each recorded under their name — and the CSV / Excel exports.
import { $, h, td, getJson, sendJson, fmt, download, say, KIND_ZH, EVENT_ZH } from "./core.js";

let page = 1;
let selected = null;

function remainingTag(t) {
  const n = t.remainingWorkdays;
  if (n === null || n === undefined) return h("span", { class: "tag done" }, "无待办时限");
  if (t.overdue) return h("span", { class: "tag over" }, `超期 ${Math.max(1, -n)} 个工作日`);
  if (n === 0) return h("span", { class: "tag soon" }, "今日到期");
  return h("span", { class: n <= 2 ? "tag soon" : "tag" }, `剩 ${n} 个工作日`);
}

export async function loadTickets() {
  const q = new URLSearchParams({ page: String(page), size: "15" });
  if ($("#t-status").value) q.set("status", $("#t-status").value);
  if ($("#t-unit").value) q.set("unit", $("#t-unit").value);
  if ($("#t-overdue").checked) q.set("overdue", "1");
  if ($("#t-q").value.trim()) q.set("q", $("#t-q").value.trim());
  const d = await getJson("/tickets?" + q);
  page = d.page;
  const sel = $("#t-unit"), cur = sel.value;
  sel.replaceChildren(h("option", { value: "" }, "全部单位"), ...d.units.map((u) => h("option", { value: u, selected: u === cur }, u)));
  $("#t-count").textContent = `共 ${d.total} 件，其中超期 ${d.overdue} 件`;
  $("#t-page").textContent = `第 ${d.page} / ${d.pages} 页`;
  $("#t-prev").disabled = d.page <= 1;
  $("#t-next").disabled = d.page >= d.pages;
  $("#tickets-body").replaceChildren(...d.tickets.map((t) => h("tr", { class: "click" + (t.id === selected ? " sel" : ""), "data-id": t.id, onclick: () => showTicket(t.id) },
    h("td", { "data-label": "单号", class: "nowrap" }, t.id), h("td", { "data-label": "状态", class: "nowrap" }, t.statusZh), td("责任单位", t.unit),
    td("最近到期", t.nextDue ? `${KIND_ZH[t.nextDue.kind] || t.nextDue.kind} ${fmt(t.nextDue.dueAt).slice(0, -3)}` : "—"),
    td("剩余工作日", remainingTag(t)),
    td("内容", t.text.length > 36 ? t.text.slice(0, 36) + "…" : t.text))));
}

function actionBox(t, units) {
  const out = h("p", { id: "t-result" });
  const run = async (action, body) => {
    const r = await sendJson(`/tickets/${encodeURIComponent(t.id)}/${action}`, "POST", body || {});
    await showTicket(t.id);
    say($("#t-result"), r.ok, r.message);
    await loadTickets();
  };
  const area = (ph) => h("textarea", { rows: 2, placeholder: ph });
  const reply = area("答复内容（将转达投诉人）"), resolve = area("办结情况（将转达投诉人并请其评价）"), note = area("内部备注（不转达投诉人）");
  const unit = h("select", {}, units.filter((u) => u !== t.unit).map((u) => h("option", { value: u }, u)));
  const open = ["open", "reopened"].includes(t.status);
  const done = ["resolved", "closed"].includes(t.status);
  return h("div", { class: "actions" },
    out,
    open ? h("div", { class: "act" }, h("button", { type: "button", "data-action": "accept", onclick: () => run("accept") }, "受理")) : null,
    t.status !== "closed" ? h("div", { class: "act" }, reply, h("div", { class: "row" }, h("button", { type: "button", "data-action": "reply", onclick: () => run("reply", { text: reply.value }) }, "答复"))) : null,
    !done ? h("div", { class: "act" }, h("div", { class: "row" }, h("span", {}, "转办至"), unit, h("button", { type: "button", class: "plain", "data-action": "transfer", onclick: () => run("transfer", { unit: unit.value }) }, "转办"))) : null,
    !done ? h("div", { class: "act" }, resolve, h("div", { class: "row" }, h("button", { type: "button", "data-action": "resolve", onclick: () => run("resolve", { text: resolve.value }) }, "办结"))) : null,
    h("div", { class: "act" }, note, h("div", { class: "row" }, h("button", { type: "button", class: "plain", "data-action": "note", onclick: () => run("note", { text: note.value }) }, "添加备注"))));
}

export async function showTicket(id) {
  selected = id;
  document.querySelectorAll("#tickets-body tr").forEach((tr) => tr.classList.toggle("sel", tr.dataset.id === id));
  const d = await getJson("/tickets/" + encodeURIComponent(id));
  const t = d.ticket, box = $("#ticket-detail");
  box.replaceChildren(
    h("h3", {}, `工单 ${t.id} · ${t.statusZh}`),
    h("div", { class: "muted" }, `${t.category} · ${t.unit} · ${t.priority === "high" ? "优先办理" : "普通"} · 登记于 ${fmt(t.createdAt)}`),
    h("div", { class: "row", style: "margin:6px 0" }, remainingTag(t)),
    h("p", {}, t.text),
    h("h4", {}, "期限"),
    h("ul", {}, t.deadlines.map((x) => h("li", {}, `${KIND_ZH[x.kind] ?? x.kind} 第${x.round}轮：${fmt(x.dueAt)}前${x.metAt ? `（已完成 ${fmt(x.metAt)}）` : ""}`, h("div", { class: "muted" }, x.rule)))),
    h("h4", {}, "办理"),
    actionBox(t, d.units),
    h("h4", {}, "办理记录"),
    h("table", { id: "ticket-history", class: "cards" }, h("tbody", {}, d.history.map((e) => h("tr", {}, td("时间", fmt(e.at)), td("事项", EVENT_ZH[e.type] ?? e.type), td("办理人", e.by === "system" ? "系统" : e.by), td("说明", e.note || ""))))));
  if (window.innerWidth < 1100) box.scrollIntoView({ block: "start" });
}

export function initTickets() {
  const again = () => { page = 1; loadTickets(); };
  $("#t-refresh").addEventListener("click", again);
  $("#t-status").addEventListener("change", again);
  $("#t-unit").addEventListener("change", again);
  $("#t-overdue").addEventListener("change", again);
  $("#t-q").addEventListener("keydown", (e) => e.key === "Enter" && again());
  $("#t-prev").addEventListener("click", () => { page--; loadTickets(); });
  $("#t-next").addEventListener("click", () => { page++; loadTickets(); });
  $("#t-csv").addEventListener("click", () => download("/tickets/export.csv", "工单.csv"));
  $("#t-xlsx").addEventListener("click", () => download("/tickets/export.xlsx", "工单.xlsx"));
}
