// 规则配置: routing, SLA clocks, officer directory and reminder rules as forms with Chinese labels
// (rules-spec.js), the JSON view kept for experts. Saving sends the whole file; the server checks it
// with the startup schemas and names the failing field in Chinese ("逾期升级天数：至少为 1").
import { $, h, api, getJson, say } from "./core.js";
import { SPEC } from "./rules-spec.js";

const get = (o, path) => path.split(".").reduce((x, k) => (x == null ? undefined : x[k]), o);
function set(o, path, v) {
  const keys = path.split(".");
  let x = o;
  for (const k of keys.slice(0, -1)) x = x[k] ??= {};
  if (v === undefined) delete x[keys.at(-1)];
  else x[keys.at(-1)] = v;
}
const opts = (f, ctx) => (typeof f.options === "function" ? f.options(ctx) : f.options || []);

function input(f, path, obj, ctx) {
  const v = get(obj, path);
  const common = { "data-path": path, "aria-label": f.label };
  if (f.type === "bool") return h("input", { ...common, type: "checkbox", checked: v === true, onchange: (e) => set(obj, path, e.target.checked) });
  if (f.type === "select")
    return h("select", { ...common, onchange: (e) => set(obj, path, f.number ? Number(e.target.value) : e.target.value || (path.endsWith("defaultUnit") ? undefined : "")) },
      [...(opts(f, ctx).some(([k]) => String(k) === String(v ?? "")) ? [] : [h("option", { value: v ?? "" }, v ?? "（请选择）")]), ...opts(f, ctx).map(([k, l]) => h("option", { value: k, selected: String(k) === String(v ?? "") }, l))]);
  if (f.type === "checks") {
    const cur = new Set(v || []);
    return h("div", { ...common, class: "row", style: "margin:0" }, opts(f, ctx).map(([k, l]) => h("label", {}, h("input", { type: "checkbox", checked: cur.has(k), onchange: (e) => {
      e.target.checked ? cur.add(k) : cur.delete(k);
      set(obj, path, opts(f, ctx).map(([x]) => x).filter((x) => cur.has(x)));
    } }), l)));
  }
  if (f.type === "textarea") return h("textarea", { ...common, rows: 2, value: v ?? "", oninput: (e) => set(obj, path, e.target.value) });
  if (f.type === "csv") return h("input", { ...common, value: (v || []).join("，"), oninput: (e) => set(obj, path, e.target.value.split(/[,，、]/).map((x) => x.trim()).filter(Boolean)) });
  const type = f.type === "int" ? "number" : f.type === "time" ? "time" : "text";
  return h("input", { ...common, type, value: v ?? "", oninput: (e) => {
    const raw = e.target.value;
    // An empty number falls back to the documented default; anything unreadable is sent as typed, so the server names it.
    set(obj, path, f.type === "int" ? (raw === "" ? undefined : Number.isFinite(Number(raw)) ? Number(raw) : raw) : raw);
  } });
}

const labelled = (f, path, obj, ctx) => [h("label", {}, f.label), h("div", {}, input(f, path, obj, ctx), f.hint ? h("div", { class: "muted" }, f.hint) : null, h("div", { class: "field-error", "data-error": path }))];

/** A list of like items as one table row each (cards on a phone); every cell keeps its field's path. */
function itemTable(s, base, items, obj, ctx, redraw) {
  return h("table", { class: "cards items" },
    h("thead", {}, h("tr", {}, s.item.map((f) => h("th", {}, f.label)), h("th", {}))),
    h("tbody", {}, items.map((_, i) => h("tr", {},
      s.item.map((f) => h("td", { "data-label": f.label }, h("div", { style: "flex:1;min-width:0" }, input(f, `${base}.${i}.${f.key}`, obj, ctx), h("div", { class: "field-error", "data-error": `${base}.${i}.${f.key}` })))),
      h("td", { "data-label": "" }, h("button", { type: "button", class: "danger small", onclick: () => { items.splice(i, 1); redraw(); } }, "删除")),
    ))));
}

function section(s, obj, ctx, redraw) {
  if (s.group) return h("fieldset", {}, h("legend", {}, s.group), h("div", { class: "form-grid" }, s.fields.flatMap((f) => labelled(f, f.path, obj, ctx))));
  if (s.list) {
    const items = get(obj, s.list) || [];
    return h("fieldset", { "data-path": s.list }, h("legend", {}, s.label), itemTable(s, s.list, items, obj, ctx, redraw),
      h("button", { type: "button", class: "plain small", onclick: () => { set(obj, s.list, [...items, s.make()]); redraw(); } }, "添加一项"),
      h("div", { class: "field-error", "data-error": s.list }));
  }
  if (s.map) {
    const m = get(obj, s.map) || {};
    const rows = Object.entries(m);
    const write = () => set(obj, s.map, Object.fromEntries(rows.filter(([k]) => k !== "")));
    return h("fieldset", { "data-path": s.map }, h("legend", {}, s.label),
      rows.map((r, i) => h("div", { class: "row" },
        h("input", { value: r[0], "aria-label": s.keyLabel, placeholder: s.keyLabel, oninput: (e) => { r[0] = e.target.value.trim(); write(); } }),
        (() => { const f = { ...s.value }; const el = input(f, `__row`, { __row: r[1] }, ctx); el.dataset.path = `${s.map}.${r[0]}`; el.addEventListener("change", (e) => { r[1] = e.target.value; write(); }); return el; })(),
        h("button", { type: "button", class: "danger small", onclick: () => { rows.splice(i, 1); write(); redraw(); } }, "删除"))),
      h("button", { type: "button", class: "plain small", onclick: () => { rows.push(s.make()); write(); redraw(); } }, "添加"),
      h("div", { class: "field-error", "data-error": s.map }));
  }
  if (s.mapOfLists) {
    const m = get(obj, s.mapOfLists) || {};
    const name = h("input", { placeholder: s.keyLabel });
    return h("fieldset", { "data-path": s.mapOfLists }, h("legend", {}, s.label),
      Object.keys(m).map((unit) => h("fieldset", {}, h("legend", {}, unit),
        itemTable(s, `${s.mapOfLists}.${unit}`, m[unit] || [], obj, ctx, redraw),
        h("div", { class: "row" },
          h("button", { type: "button", class: "plain small", onclick: () => { m[unit].push(s.make()); redraw(); } }, "添加人员"),
          h("button", { type: "button", class: "danger small", onclick: () => { delete m[unit]; redraw(); } }, "删除该单位")))),
      h("div", { class: "row" }, name, h("button", { type: "button", class: "plain small", onclick: () => { if (name.value.trim()) { m[name.value.trim()] = [s.make()]; set(obj, s.mapOfLists, m); redraw(); } } }, "添加单位")));
  }
  return h("div", { class: "form-grid" }, labelled(s, s.path, obj, ctx));
}

function fileCard(f, ctx) {
  let obj;
  let broken = null;
  try { obj = f.content.trim() ? JSON.parse(f.content) : {}; } catch (e) { obj = {}; broken = e.message; }
  let mode = broken ? "json" : "form";
  const body = h("div", {});
  const out = h("div", { "data-result": f.name });
  const ta = h("textarea", { class: "code", rows: 16, "data-file": f.name, spellcheck: "false" });
  const draw = () => {
    if (mode === "json") { ta.value = broken ? f.content : JSON.stringify(obj, null, 2); body.replaceChildren(ta); }
    else body.replaceChildren(...SPEC[f.name].map((s) => section(s, obj, ctx, draw)));
  };
  const toForm = () => {
    if (mode === "json") {
      try { obj = JSON.parse(ta.value); broken = null; } catch (e) { say(out, false, `JSON 格式错误：${e.message}`); return; }
    }
    mode = "form"; draw(); seg();
  };
  const toJson = () => { if (mode === "form") { mode = "json"; broken = null; draw(); seg(); } };
  const formBtn = h("button", { type: "button", class: "plain small", onclick: toForm }, "表单");
  const jsonBtn = h("button", { type: "button", class: "plain small", onclick: toJson }, "JSON");
  const seg = () => { formBtn.disabled = mode === "form"; jsonBtn.disabled = mode === "json"; };
  const save = async () => {
    let text;
    if (mode === "json") text = ta.value;
    else text = JSON.stringify(obj, null, 2);
    card.querySelectorAll(".invalid").forEach((e) => e.classList.remove("invalid"));
    card.querySelectorAll("[data-error]").forEach((e) => (e.textContent = ""));
    const r = await (await api("/config/" + f.name, { method: "PUT", body: text, headers: { "content-type": "application/json" } })).json();
    if (r.ok) { say(out, true, r.message); return; }
    out.className = "bad";
    out.replaceChildren(h("div", {}, "未保存，请修改以下内容："), h("ul", { class: "issues" }, r.issues.map((i) => h("li", {}, `${i.label || (i.field ? i.field : "")}${i.label || i.field ? "：" : ""}${i.message}`))));
    for (const i of r.issues) {
      if (!i.field) continue;
      const el = card.querySelector(`[data-path="${CSS.escape(i.field)}"]`);
      if (el) { el.classList.add("invalid"); el.scrollIntoView({ block: "center" }); }
      const msg = card.querySelector(`[data-error="${CSS.escape(i.field)}"]`);
      if (msg) msg.textContent = i.message;
    }
  };
  const card = h("div", { class: "card", "data-rules": f.name },
    h("div", { class: "row" }, h("strong", {}, f.title), h("code", {}, f.name), h("span", { class: "seg" }, formBtn, jsonBtn), h("button", { type: "button", "data-save": f.name, onclick: save }, "校验并保存")),
    out,
    broken ? h("p", { class: "bad" }, `文件不是合法的 JSON（${broken}），请在 JSON 视图中修正。`) : null,
    body);
  draw(); seg();
  return card;
}

let shown = "routing.json";

export async function loadRules() {
  const d = await getJson("/config");
  const parse = (name) => { try { return JSON.parse(d.files.find((f) => f.name === name)?.content || "{}"); } catch { return {}; } };
  const ctx = { units: Object.keys(parse("directory.json").units || {}), kinds: (parse("sla.json").deadlines || []).map((x) => ({ kind: x.kind, label: x.label })) };
  const cards = d.files.map((f) => fileCard(f, ctx));
  const show = (name) => {
    shown = name;
    cards.forEach((c) => (c.hidden = c.dataset.rules !== name));
    tabs.querySelectorAll("button").forEach((b) => (b.className = b.dataset.rulesTab === name ? "" : "plain"));
  };
  // One file at a time: the forms are long, and an administrator edits one kind of rule at once.
  const tabs = h("div", { class: "row" }, d.files.map((f) => h("button", { type: "button", "data-rules-tab": f.name, onclick: () => show(f.name) }, f.title)));
  $("#rules").replaceChildren(h("div", { class: "card" }, tabs), ...cards);
  show(shown);
}
