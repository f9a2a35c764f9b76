// 概览: the figures a 营商办 reports (按时受理率, 按期办结率, 满意率, 重办率, overdue), tickets by status
// and unit, on-time rate per clock per unit, overdue by week, questions per day, top topics and top
// unanswered — Apache ECharts, served with the console (window.echarts), resized with the window.
import { $, $$, h, getJson, pct, today, addDays, download } from "./core.js";

const charts = new Map();
let last = null;

function chart(name) {
  const el = $(`[data-chart="${name}"]`);
  let c = charts.get(name);
  if (!c || c.isDisposed()) {
    c = window.echarts.init(el, null, { renderer: "canvas" });
    charts.set(name, c);
  }
  return c;
}

const short = (s, n = 14) => (s.length > n ? s.slice(0, n) + "…" : s);
const narrow = () => window.innerWidth < 760;
const empty = (none) => (none ? { graphic: { type: "text", left: "center", top: "middle", style: { text: "暂无数据", fill: "#98a2b3", fontSize: 14 } } } : { graphic: [] });
const base = () => ({
  tooltip: { trigger: "axis", confine: true },
  grid: { left: 8, right: 16, top: 30, bottom: narrow() ? 40 : 30, containLabel: true },
  legend: { type: "scroll", top: 0 },
  textStyle: { fontFamily: "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Zen Hei, sans-serif" },
});

function kpis(s) {
  const t = s.tickets, q = s.questions;
  const card = (k, v, sub, bad) => h("div", { class: "kpi" }, h("div", { class: "k" }, k), h("div", { class: "v" + (bad ? " bad" : "") }, v), h("div", { class: "muted" }, sub));
  $("#kpis").replaceChildren(
    card("按时受理率", pct(t.acceptRate.rate), `${t.acceptRate.onTime}/${t.acceptRate.due} 件按时`),
    card("按期办结率", pct(t.resolveRate.rate), `${t.resolveRate.onTime}/${t.resolveRate.due} 件按期`),
    card("满意率", pct(t.satisfaction.rate), `${t.satisfaction.satisfied}/${t.satisfaction.rated} 次评价满意`),
    card("重办率", pct(t.reopen.rate), `${t.reopen.reopened} 次重办 / ${t.reopen.resolved} 次办结`),
    card("当前超期", `${t.overdue.tickets} 件`, `${t.overdue.total} 个环节超期`, t.overdue.tickets > 0),
    card("咨询", `${q.total} 次`, `答复 ${pct(q.shares.answer)} · 推荐 ${pct(q.shares.suggest)} · 未答 ${pct(q.shares.refuse)}`),
  );
}

function render(s) {
  const t = s.tickets;
  const statuses = t.created.byStatus.filter((x) => x.count > 0);
  chart("status").setOption({ ...base(), tooltip: { trigger: "item", confine: true }, ...empty(!statuses.length),
    series: [{ type: "pie", radius: ["35%", "65%"], top: 24, data: statuses.map((x) => ({ name: x.label, value: x.count })), label: { formatter: "{b} {c}" } }] }, true);

  const units = [...new Set([...t.created.byUnit.map((u) => u.unit), ...t.overdue.byUnit.map((u) => u.unit)])];
  const createdBy = Object.fromEntries(t.created.byUnit.map((u) => [u.unit, u.count]));
  const overdueBy = Object.fromEntries(t.overdue.byUnit.map((u) => [u.unit, u.tickets]));
  chart("units").setOption({ ...base(), ...empty(!units.length),
    xAxis: { type: "category", data: units.map((u) => short(u, 6)), axisLabel: { interval: 0, rotate: units.length > 4 ? 30 : 0 } }, yAxis: { type: "value", minInterval: 1 },
    series: [{ name: "新登记", type: "bar", barMaxWidth: 36, data: units.map((u) => createdBy[u] ?? 0) }, { name: "当前超期", type: "bar", barMaxWidth: 36, data: units.map((u) => overdueBy[u] ?? 0), itemStyle: { color: "#d92d20" } }] }, true);

  const rateUnits = [...new Set(t.clocks.flatMap((c) => Object.keys(c.byUnit)))].sort();
  chart("ontime").setOption({ ...base(), ...empty(!rateUnits.length),
    tooltip: { trigger: "axis", confine: true, valueFormatter: (v) => (v === "-" || v === null ? "—" : `${v}%`) },
    xAxis: { type: "category", data: rateUnits.map((u) => short(u, 6)), axisLabel: { interval: 0, rotate: rateUnits.length > 4 ? 30 : 0 } },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: t.clocks.map((c) => ({ name: c.label, type: "bar", barMaxWidth: 18, data: rateUnits.map((u) => (c.byUnit[u] && c.byUnit[u].rate !== null ? +(c.byUnit[u].rate * 100).toFixed(1) : "-")) })) }, true);

  chart("trend").setOption({ ...base(), ...empty(!s.overdueTrend.length),
    xAxis: { type: "category", data: s.overdueTrend.map((w) => w.week.slice(5)) }, yAxis: { type: "value", minInterval: 1 },
    series: [{ name: "当周超期环节", type: "line", areaStyle: { opacity: 0.15 }, data: s.overdueTrend.map((w) => w.late), itemStyle: { color: "#d92d20" } }] }, true);

  const rates = [["按时受理率", t.acceptRate.rate], ["按期办结率", t.resolveRate.rate], ["满意率", t.satisfaction.rate], ["重办率", t.reopen.rate]];
  chart("rates").setOption({ ...base(), ...empty(rates.every(([, r]) => r === null)), legend: { show: false },
    tooltip: { trigger: "axis", confine: true, valueFormatter: (v) => (v === "-" ? "—" : `${v}%`) },
    xAxis: { type: "category", data: rates.map(([k]) => k) }, yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: [{ name: "比率", type: "bar", barWidth: "40%", data: rates.map(([k, r]) => ({ value: r === null ? "-" : +(r * 100).toFixed(1), itemStyle: { color: k === "重办率" ? "#f79009" : "#1f5fa8" } })), label: { show: true, position: "top", formatter: (p) => (p.value === "-" ? "" : `${p.value}%`) } }] }, true);

  const days = s.questions.perDay;
  const stack = (name, key, color) => ({ name, type: "bar", stack: "q", barMaxWidth: 36, data: days.map((d) => d[key]), itemStyle: { color } });
  chart("questions").setOption({ ...base(), ...empty(!days.length),
    xAxis: { type: "category", data: days.map((d) => d.day.slice(5)) }, yAxis: { type: "value", minInterval: 1 },
    series: [stack("已答复", "answer", "#12b76a"), stack("推荐条目", "suggest", "#2e90fa"), stack("追问澄清", "clarify", "#9e77ed"), stack("未能答复", "refuse", "#f04438")] }, true);

  const hbar = (name, rows, color) => chart(name).setOption({ ...base(), ...empty(!rows.length), legend: { show: false },
    tooltip: { trigger: "axis", confine: true, formatter: (p) => `${rows[p[0].dataIndex].full}<br>${p[0].value} 次` },
    grid: { left: 8, right: 30, top: 10, bottom: 10, containLabel: true },
    xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", inverse: true, data: rows.map((r) => short(r.name, narrow() ? 10 : 16)) },
    series: [{ type: "bar", barMaxWidth: 28, data: rows.map((r) => r.value), itemStyle: { color }, label: { show: true, position: "right" } }] }, true);
  hbar("topics", s.topTopics.map((x) => ({ name: x.title, full: `《${x.doc}》${x.title}`, value: x.count })), "#1f5fa8");
  hbar("unanswered", s.topUnanswered.map((x) => ({ name: x.title, full: x.title, value: x.count })), "#f04438");
}

export async function loadDashboard() {
  const q = new URLSearchParams({ from: $("#d-from").value, to: $("#d-to").value });
  if ($("#d-unit").value) q.set("unit", $("#d-unit").value);
  const s = await getJson("/insights/stats?" + q);
  if (s.error) { $("#d-note").textContent = s.message; return; }
  const sel = $("#d-unit"), cur = sel.value;
  sel.replaceChildren(h("option", { value: "" }, "全部单位"), ...s.units.map((u) => h("option", { value: u, selected: u === cur }, u)));
  $("#d-note").textContent = `${s.range.from} 至 ${s.range.to}${s.range.unit ? " · " + s.range.unit : ""} · 知识库 ${s.kbVersion}`;
  last = s;
  kpis(s);
  render(s);
  for (const c of charts.values()) c.resize();
}

export function initDashboard() {
  $("#d-to").value = today();
  $("#d-from").value = addDays(today(), -29);
  $("#d-refresh").addEventListener("click", () => loadDashboard());
  $("#d-unit").addEventListener("change", () => loadDashboard());
  $("#d-weekly").addEventListener("click", () => download("/report/weekly.xlsx", "周报.xlsx"));
  let pending = 0;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      if (last) render(last);
      for (const c of charts.values()) c.resize();
    }, 150);
  });
}

/** For tests and the curious: each chart's data series lengths. */
window.zwbCharts = () => Object.fromEntries($$("[data-chart]").map((el) => {
  const c = window.echarts.getInstanceByDom(el);
  const o = c ? c.getOption() : null;
  return [el.dataset.chart, o ? o.series.map((x) => (x.data || []).length) : null];
}));
