// Shared helpers of the console: DOM building (user content always as text, never HTML), the admin
// API with the token and the administrator's name, Beijing-time formatting, downloads.
export const $ = (s, root = document) => root.querySelector(s);
export const $$ = (s, root = document) => [...root.querySelectorAll(s)];

export function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on") && typeof v === "function") e.addEventListener(k.slice(2), v);
    else if (k === "value") e.value = v;
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined && k !== false) e.append(k instanceof Node ? k : String(k));
  return e;
}

/** A table cell that keeps its column name, so the table can turn into cards on a phone. */
export const td = (label, ...kids) => h("td", { "data-label": label }, ...kids);

// Deadlines are Beijing-time days whatever the administrator's browser is set to.
export const fmt = (iso) => (iso ? new Date(iso).toLocaleString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" }) : "");
export const fmtDay = (iso) => (iso ? new Date(iso).toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" }) : "");
export const pct = (r) => (r === null || r === undefined ? "—" : `${(r * 100).toFixed(1)}%`);
/** Today in Beijing, "YYYY-MM-DD". */
export const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
export const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const session = {
  get token() { return sessionStorage.getItem("zwb-token") || ""; },
  get name() { return sessionStorage.getItem("zwb-name") || ""; },
};

let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

export async function api(path, opts = {}) {
  const headers = Object.assign({ authorization: "Bearer " + session.token, "x-zwb-client": "console" }, opts.headers || {});
  // Header values must be ASCII: the name travels percent-encoded and the server decodes it.
  if (session.name) headers["x-zwb-admin"] = encodeURIComponent(session.name);
  const res = await fetch("/api/admin" + path, Object.assign({}, opts, { headers }));
  if (res.status === 401) { onUnauthorized("令牌无效，请重新登录。"); throw new Error("unauthorized"); }
  return res;
}

export const getJson = async (path) => (await api(path)).json();
export const sendJson = async (path, method, body) => (await api(path, { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } })).json();

export async function download(path, filename) {
  const blob = await (await api(path)).blob();
  const a = h("a", { href: URL.createObjectURL(blob), download: filename });
  document.body.append(a); a.click(); a.remove();
}

/** A result line: green when it worked, red otherwise. */
export function say(el, ok, text) {
  el.className = ok ? "ok" : "bad";
  el.textContent = text;
}

export const KIND_ZH = { accept: "受理", plan: "制定整改方案", reply: "答复投诉人", resolve: "办结", followup: "回访" };
export const EVENT_ZH = { created: "登记", accepted: "受理", replied: "答复", transferred: "转办", resolved: "办结", rated: "评价", supplemented: "补充材料", reopened: "重新办理", followed_up: "回访", replayed: "补录", recalculated: "重算期限", noted: "备注" };
