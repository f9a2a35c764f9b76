// The console's shell: login, tabs, and the small tabs (knowledge base, documents, try a question,
// audit log). The dashboard, unanswered questions, tickets and rules have their own modules.
import { $, $$, h, td, api, getJson, fmt, session, setUnauthorizedHandler } from "./core.js";
import { loadDashboard, initDashboard } from "./dashboard.js";
import { loadUnanswered, initUnanswered } from "./unanswered.js";
import { loadTickets, initTickets } from "./tickets.js";
import { loadRules } from "./rules.js";

function showApp(on) { $("#login").hidden = on; $("#app").hidden = !on; }
function logout(msg) {
  sessionStorage.removeItem("zwb-token");
  showApp(false);
  $("#login-error").textContent = msg || "";
}
setUnauthorizedHandler(logout);

$("#login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  sessionStorage.setItem("zwb-token", $("#token").value.trim());
  sessionStorage.setItem("zwb-name", $("#name").value.trim());
  const res = await fetch("/api/admin/kb", { headers: { authorization: "Bearer " + session.token, "x-zwb-client": "console", ...(session.name ? { "x-zwb-admin": encodeURIComponent(session.name) } : {}) } });
  if (!res.ok) { logout(res.status === 404 ? "服务器未配置 ZWB_ADMIN_TOKEN，管理功能未开启。" : "令牌错误，请重试。"); return; }
  start();
});
$("#logout").addEventListener("click", () => logout(""));

const loaders = { dash: loadDashboard, open: loadUnanswered, tickets: loadTickets, rules: loadRules };
$$("nav button").forEach((b) => b.addEventListener("click", () => tab(b.dataset.tab)));
export function tab(name) {
  $$("nav button").forEach((b) => b.classList.toggle("on", b.dataset.tab === name));
  $$("main > section").forEach((s) => s.classList.toggle("on", s.id === "tab-" + name));
  const load = loaders[name];
  if (load) load().catch((e) => e.message !== "unauthorized" && console.error(e));
}

// --- knowledge base ---
loaders.kb = async () => {
  const s = await getJson("/kb");
  $("#kb-version").textContent = s.version;
  $("#kb-counts").textContent = `文档 ${s.documents} 份 · 措施 ${s.measures} 条 · 办事指南 ${s.guides} 条`;
  const sync = s.sync ? (s.sync.subscribed ? "多实例同步：已连接" : "多实例同步：未连接") : "单实例（未配置 Redis）";
  $("#kb-meta").textContent = `加载于 ${fmt(s.builtAt)} · 目录 ${s.dir} · ${sync}${s.warnings.length ? ` · 提示 ${s.warnings.length} 条` : ""}`;
};
function showReport(el, r) {
  el.className = r.ok ? "ok" : "bad";
  el.textContent = r.summary || r.message || JSON.stringify(r, null, 2);
}
$("#reload-btn").addEventListener("click", async (ev) => {
  ev.target.disabled = true;
  $("#reload-report").textContent = "正在重建，旧版本继续服务…";
  try { showReport($("#reload-report"), await (await api("/kb/reload", { method: "POST" })).json()); await loaders.kb(); }
  finally { ev.target.disabled = false; }
});
$("#upload-btn").addEventListener("click", async (ev) => {
  const f = $("#upload-file").files[0];
  if (!f) { $("#upload-report").textContent = "请先选择文件。"; return; }
  ev.target.disabled = true;
  const fd = new FormData(); fd.append("file", f, f.name);
  try { showReport($("#upload-report"), await (await api("/kb/documents", { method: "POST", body: fd })).json()); await loaders.kb(); }
  finally { ev.target.disabled = false; }
});

// --- documents and their facts ---
loaders.docs = async () => {
  const d = await getJson("/kb/documents");
  $("#docs-body").replaceChildren(...d.documents.map((doc) =>
    h("tr", { class: "click", "data-id": doc.id, onclick: () => showDoc(doc.id) }, h("td", {}, doc.title, h("div", { class: "muted" }, doc.file)), h("td", {}, doc.measures))));
};
function factTags(f) {
  const said = (x) => (x.subject ? x.subject + "：" : "") + x.text;
  const tags = [
    ...(f.timeLimits || []).map((t) => "时限 " + said(t)),
    ...(f.deadlines || []).map((t) => "日期 " + said(t)),
    ...(f.recurring || []).map((t) => "周期 " + said(t)),
    ...((f.units && f.units.lead) || []).map((u) => "牵头 " + u),
    ...((f.units && f.units.cooperating) || []).map((u) => "配合 " + u),
    ...(f.targets || []).map((t) => "目标 " + said(t)),
    ...(f.requirements || []).map((t) => (t.kind === "material" ? "材料 " : "条件 ") + t.text),
  ];
  return tags.map((t) => h("span", { class: "tag" }, t));
}
async function showDoc(id) {
  const d = await getJson("/kb/documents/" + encodeURIComponent(id));
  $("#doc-detail").replaceChildren(
    h("h3", {}, d.meta.title),
    h("div", { class: "muted" }, [d.meta.issuer, d.meta.docNumber, d.meta.date].filter(Boolean).join(" · ")),
    ...d.warnings.map((w) => h("div", { class: "bad" }, "提示：" + w)),
    h("table", { class: "cards" }, h("thead", {}, h("tr", {}, h("th", {}, "条目"), h("th", {}, "原文与抽取的事实"))),
      h("tbody", {}, d.measures.map((m) => h("tr", {}, td("条目", m.path.join(" › ")), td("", h("div", {}, h("div", {}, m.text), h("div", {}, factTags(m.facts)))))))));
}

// --- try a question ---
function bubble(who, text) {
  const log = $("#chatlog");
  log.append(h("div", { class: "msg" + (who === "me" ? " me" : "") }, h("span", {}, text)));
  log.scrollTop = log.scrollHeight;
}
$("#chat-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = $("#chat-input").value.trim();
  if (!text) return;
  $("#chat-input").value = "";
  bubble("me", text);
  const res = await fetch("/api/messages", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "console-" + (session.name || "admin"), text }) });
  const r = await res.json();
  const cites = (r.citations || []).map((c) => `【${c.title}${c.section ? " " + c.section : ""}】`).join("");
  bubble("bot", (r.reply || r.message || "（无回复）") + (cites ? "\n" + cites : ""));
});

// --- audit, in Chinese: 操作 / 对象 / 结果 ---
loaders.audit = async () => {
  const d = await getJson("/audit?n=200");
  $("#audit-body").replaceChildren(...d.entries.reverse().map((e) => {
    const z = e.zh;
    return h("tr", {},
      h("td", { "data-label": "时间", class: "nowrap" }, fmt(z.at)), h("td", { "data-label": "操作人", class: "nowrap" }, z.who), td("操作", z.action), td("对象", z.object),
      td("结果", h("span", { class: z.result === "成功" ? "ok" : "bad" }, z.result)),
      td("详情", h("span", { class: "muted" }, z.detail)));
  }));
};
$("#audit-refresh").addEventListener("click", () => loaders.audit());

initDashboard();
initUnanswered();
initTickets();

function start() {
  showApp(true);
  $("#who").textContent = session.name ? "管理员：" + session.name : "";
  tab("dash");
}
if (session.token) start(); else showApp(false);
