// 未解决问题: the groups of questions the bot could not answer, and the three ways an administrator
// closes one — link it to a measure, add a thesaurus entry, write a curated answer (citing a measure
// or marked 平台说明). Each is saved as a file under ZWB_KB_DIR/faq/ and the knowledge base reloads.
import { $, h, td, api, getJson, sendJson, fmt, today, addDays, say } from "./core.js";

const REASON_ZH = { refuse: "未能答复", suggest: "推荐未采纳", clarify: "追问未果", rated: "评价没用/不对" };
const KIND_ZH = { phrasing: "关联措施", thesaurus: "同义词", answer: "整理答复" };
let range = { from: "", to: "" };

function measurePicker(g, name) {
  const list = h("div", { class: "picks" });
  const show = (ms) => list.replaceChildren(...(ms.length ? ms.map((m, i) => h("label", { style: "display:block;margin:4px 0" },
    h("input", { type: "radio", name, value: m.id, checked: i === 0 }), " ", h("strong", {}, m.doc ? `《${m.doc}》` : ""), m.section || m.title || m.id,
    m.text ? h("div", { class: "muted", style: "margin-left:22px" }, m.text) : null)) : [h("div", { class: "muted" }, "没有找到相关措施，请换个关键词。")]));
  show(g.offeredMeasures.map((m) => ({ id: m.id, doc: m.doc, title: m.title })));
  const q = h("input", { placeholder: "搜索措施：关键词或措施编号", value: g.title, style: "flex:1" });
  const search = async () => show((await getJson("/kb/search?q=" + encodeURIComponent(q.value))).measures);
  if (!g.offeredMeasures.length) search();
  return {
    el: h("div", {}, h("div", { class: "row" }, q, h("button", { type: "button", class: "plain small", onclick: search }, "搜索")), list),
    value: () => (list.querySelector("input:checked") || {}).value,
  };
}

async function save(g, body, out) {
  const r = await sendJson(`/insights/curated?from=${range.from}&to=${range.to}`, "POST", { ...body, group: g.id });
  say(out, r.ok, r.ok ? r.message : "未保存：" + (r.message || "校验失败"));
  if (r.ok) {
    say($("#u-result"), true, `「${g.title}」已处理：${r.message}`);
    await loadUnanswered();
  }
}

function panel(g, kind, box) {
  const out = h("p", { class: "result" });
  if (kind === "phrasing") {
    const pick = measurePicker(g, `m-${g.id}`);
    box.replaceChildren(h("div", { class: "muted" }, "该组的问法将作为所选措施的已知问法，之后同样的提问将以该措施答复。"), pick.el,
      h("button", { type: "button", "data-save": "phrasing", onclick: () => (pick.value() ? save(g, { kind, measure: pick.value() }, out) : say(out, false, "请先选择一条措施。")) }, "关联到所选措施"), out);
  } else if (kind === "thesaurus") {
    const terms = h("input", { placeholder: "常用说法，多个用逗号分隔，如：开奶茶店, 开小店", value: (g.terms || []).slice(0, 2).join("，"), style: "flex:1" });
    const official = h("input", { placeholder: "文件中的规范用语，如：企业开办", style: "flex:1" });
    box.replaceChildren(h("div", { class: "muted" }, "常用说法将与使用规范用语的措施一并检索。规范用语须在知识库文档中出现。"),
      h("div", { class: "row" }, terms), h("div", { class: "row" }, official),
      h("button", { type: "button", "data-save": "thesaurus", onclick: () => save(g, { kind, terms: terms.value.split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean), official: official.value.trim() }, out) }, "保存同义词"), out);
  } else {
    const text = h("textarea", { rows: 4, placeholder: "答复内容。引用措施时，时限、日期、比例须与措施原文一致；平台说明不得写时限。" });
    const platform = h("input", { type: "checkbox" });
    const pick = measurePicker(g, `a-${g.id}`);
    box.replaceChildren(text, h("div", { class: "row" }, h("label", {}, platform, "平台说明（不引用政策措施，如服务时间、平台功能）")), pick.el,
      h("button", { type: "button", "data-save": "answer", onclick: () => save(g, { kind, answer: text.value, ...(platform.checked ? { platform: true } : pick.value() ? { measure: pick.value() } : {}) }, out) }, "保存答复"), out);
  }
}

function groupCard(g) {
  const box = h("div", { class: "panel" });
  const btn = (kind, label) => h("button", { type: "button", class: "plain small", "data-act": kind, onclick: () => panel(g, kind, box) }, label);
  return h("div", { class: "group", "data-group": g.id },
    h("div", { class: "row", style: "margin:0" }, h("span", { class: "title" }, g.title), h("span", { class: "tag over" }, `${g.count} 次`),
      ...g.reasons.map((r) => h("span", { class: "tag" }, REASON_ZH[r] || r)), h("span", { class: "muted" }, "最近 " + fmt(g.last))),
    g.questions.length > 1 ? h("details", {}, h("summary", {}, `其他问法（${g.questions.length - 1}）`), h("ul", {}, g.questions.slice(1).map((q) => h("li", {}, `${q.text}（${q.count} 次）`)))) : null,
    g.offeredMeasures.length ? h("div", { class: "muted" }, "曾推荐：", g.offeredMeasures.map((m) => h("span", { class: "tag" }, `《${m.doc}》${m.title}`))) : null,
    h("div", { class: "row", style: "margin:8px 0 0" }, btn("phrasing", "关联措施"), btn("thesaurus", "添加同义词"), btn("answer", "整理答复")),
    box);
}

export async function loadUnanswered() {
  const days = Number($("#u-days").value) || 30;
  range = { from: addDays(today(), -(days - 1)), to: today() };
  const [d, c] = await Promise.all([getJson(`/insights/unanswered?from=${range.from}&to=${range.to}`), getJson("/insights/curated")]);
  $("#u-count").textContent = `${d.groups.length} 组，共 ${d.groups.reduce((a, g) => a + g.count, 0)} 次提问`;
  $("#u-groups").replaceChildren(...(d.groups.length ? d.groups.map(groupCard) : [h("p", { class: "muted" }, "这段时间没有未解决的问题。")]));
  $("#u-curated").replaceChildren(...c.entries.map((e) => h("tr", {},
    td("类型", KIND_ZH[e.kind] || e.kind),
    td("内容", e.kind === "thesaurus" ? `${e.terms.join("、")} → ${e.official}` : e.kind === "phrasing" ? `${e.questions[0]}${e.questions.length > 1 ? ` 等 ${e.questions.length} 种问法` : ""} → ${e.measure}` : `${e.questions[0]}：${e.answer.slice(0, 40)}${e.platform ? "（平台说明）" : ` → ${e.measure}`}`),
    td("整理人", e.by), td("时间", fmt(e.at)),
    td("", h("button", { type: "button", class: "danger small", onclick: async () => {
      if (!confirm("删除该条目？知识库将重新加载。")) return;
      const r = await (await api("/insights/curated/" + encodeURIComponent(e.id), { method: "DELETE" })).json();
      say($("#u-result"), r.ok, r.message);
      await loadUnanswered();
    } }, "删除")))));
}

export function initUnanswered() {
  $("#u-refresh").addEventListener("click", () => loadUnanswered());
  $("#u-days").addEventListener("change", () => loadUnanswered());
}
