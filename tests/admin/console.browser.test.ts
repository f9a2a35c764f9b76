// The web console in a real browser (Debian's Chromium driven by playwright-core, no download), at
// 1280 px and at 390 px (a phone): log in, see the dashboard's charts drawn with data, link an
// unanswered group to a measure and see the question answered, act on a ticket beside the list,
// edit a rule and see the Chinese error naming the field, read the audit log in Chinese.
// Screenshots go to tests/.artifacts/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { cp, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerType } from "@hono/node-server";
import { chromium, type Browser, type Page } from "playwright-core";
import { ManualClock } from "../../core/clock.ts";
import { buildRoot, type Root } from "../../bot/root/index.ts";
import { createApp, type App } from "../../bot/app.ts";
import { startHttp } from "../../bot/channels/local/http.ts";
import { ADMIN_TOKEN, CONFIG_DIR, copyCorpus, silent, tempDir, testConfig } from "./helpers.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../.artifacts/", import.meta.url));
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the web-console browser test: ${CHROMIUM} is not installed (apt-get install chromium)`);

const CHARTS = ["status", "units", "ontime", "trend", "rates", "questions", "topics", "unanswered"];
const REFUSED = ["花店办证要多久", "花店办证需要多久呢"];
const MEASURE = "xuwei-2021-zuofeng-jianshe#8";

let dir: string;
let w: Root;
let app: App;
let server: ServerType;
let base: string;
let browser: Browser;
let n = 0;
const tickets: string[] = [];
const clock = new ManualClock(new Date(Date.now() - 14 * 86_400_000));

const handle = (userId: string, text: string) => app.handle({ channel: "http", messageId: `b${++n}`, userId, text, mentioned: true, receivedAt: clock.now() });

beforeAll(async () => {
  if (!hasChromium) return;
  dir = await tempDir("console");
  await copyCorpus(join(dir, "kb"));
  await cp(CONFIG_DIR, join(dir, "config"), { recursive: true });
  await mkdir(ARTIFACTS, { recursive: true });
  w = await buildRoot(testConfig({ ZWB_DATA_DIR: join(dir, "data"), ZWB_KB_DIR: join(dir, "kb"), ZWB_CONFIG_DIR: join(dir, "config"), ZWB_RATE_LIMIT_PER_MINUTE: "1000" }), silent, clock);
  app = createApp(w.deps);
  // Two weeks of life: complaints to three units, one worked to the end, one left overdue.
  for (const text of ["投诉：新厂房接电申请提交后没人处理，用电一直办不下来", "投诉：税务窗口办理退税一再拖延，让我们来回跑", "投诉：办理施工许可一直拖着不给办，窗口说等通知，已经一个月了。", "投诉：营业执照变更时窗口人员态度恶劣、故意刁难"]) {
    tickets.push((await handle("qiye-9", text))!.ticket!.id);
    clock.advance(3600_000);
  }
  const officer = (userId: string) => ({ channel: "local" as const, userId });
  await w.deps.tickets.accept(officer("officer-gd"), tickets[0]);
  await w.deps.tickets.accept(officer("officer-scjg"), tickets[3]);
  clock.advance(86_400_000);
  await w.deps.tickets.resolve(officer("officer-scjg"), tickets[3], "已约谈窗口人员并完成变更");
  await w.deps.tickets.rate({ channel: "http", userId: "qiye-9" }, tickets[3], true);
  clock.set(new Date());
  // Questions of today: answered, rated, refused.
  for (const u of ["u1", "u2", "u3"]) await handle(u, "无外线工程的用水报装几个工作日办好");
  await handle("u3", "没用");
  await handle("u4", REFUSED[0]);
  await handle("u5", REFUSED[1]);
  await w.questions.flush();
  const started = await startHttp({ app, root: w }, 0, "127.0.0.1");
  server = started.server;
  base = `http://127.0.0.1:${started.port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--lang=zh-CN", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}, 60_000);

afterAll(async () => {
  if (!hasChromium) return;
  await browser?.close();
  await new Promise((r) => server.close(r));
  await w.close();
  await rm(dir, { recursive: true, force: true });
});

async function login(page: Page, errors: string[]): Promise<void> {
  page.on("pageerror", (e) => errors.push(e.message));
  // A refused save answers 422 on purpose; anything else the console logs as an error is a defect.
  page.on("console", (m) => m.type() === "error" && !/status of 4\d\d/.test(m.text()) && errors.push(m.text()));
  await page.goto(`${base}/console`);
  await page.fill("#name", "张三");
  await page.fill("#token", ADMIN_TOKEN);
  await page.click("#login-btn");
  await page.waitForSelector("#app:not([hidden])");
}

async function chartsDrawn(page: Page): Promise<Record<string, number[] | null>> {
  // Run in the page (strings: the tests are type-checked without the DOM library).
  await page.waitForFunction('document.querySelectorAll("[data-chart] canvas").length >= 8');
  return page.evaluate("window.zwbCharts()") as Promise<Record<string, number[] | null>>;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
/** What a phone shows at once: the screen, not the whole page. */
const screen = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, name) });

describe.skipIf(!hasChromium)("web console", () => {
  it("at 1280 px: dashboard, unanswered → measure → answered, a ticket worked beside the list, a rule error in Chinese", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const errors: string[] = [];
    await page.goto(`${base}/console`);
    await page.fill("#token", "not-the-token-000000");
    await page.click("#login-btn");
    await expect.poll(() => page.textContent("#login-error")).toMatch(/令牌错误/);
    await login(page, errors);

    // 概览: every chart is a canvas with data.
    const series = await chartsDrawn(page);
    for (const c of CHARTS) expect(series[c]?.some((len) => len > 0), c).toBe(true);
    expect(await page.textContent("#kpis")).toContain("按时受理率");
    await shot(page, "console-dashboard-1280.png");

    // 未解决问题: the two refused wordings are one group; link it to the 企业开办 measure.
    await page.click('nav button[data-tab="open"]');
    const group = page.locator(".group", { hasText: REFUSED[0] });
    await expect.poll(() => group.count()).toBe(1);
    expect(await group.textContent()).toContain("其他问法（1）");
    await group.locator('button[data-act="phrasing"]').click();
    await group.locator(".panel input[placeholder^='搜索措施']").fill("企业开办 全程网办");
    await group.locator(".panel button", { hasText: "搜索" }).click();
    await group.locator(`.panel input[type=radio][value="${MEASURE}"]`).check();
    await shot(page, "console-unanswered-1280.png");
    await group.locator('button[data-save="phrasing"]').click();
    await expect.poll(() => page.textContent("#u-result")).toMatch(/已处理/);
    await expect.poll(() => page.locator(".group", { hasText: REFUSED[0] }).count()).toBe(0);
    expect(await page.textContent("#u-curated")).toContain("关联措施");

    // 试问: the same question is now answered from that measure.
    await page.click('nav button[data-tab="chat"]');
    await page.fill("#chat-input", REFUSED[0]);
    await page.click("#chat-form button");
    await expect.poll(() => page.locator("#chatlog .msg").count()).toBe(2);
    const answer = await page.locator("#chatlog .msg").nth(1).textContent();
    expect(answer).toContain("关于进一步推进机关作风建设的实施方案");
    expect(answer).not.toMatch(/没有找到/);

    // 工单: the detail opens beside the list; accept the overdue one.
    await page.click('nav button[data-tab="tickets"]');
    await page.click(`#tickets-body tr[data-id="${tickets[1]}"]`);
    await page.waitForSelector('#ticket-detail button[data-action="accept"]');
    const list = await page.locator("#tickets-body").boundingBox();
    const detail = await page.locator("#ticket-detail").boundingBox();
    expect(detail!.x).toBeGreaterThan(list!.x + list!.width - 1);
    expect(await page.textContent(`#tickets-body tr[data-id="${tickets[1]}"]`)).toMatch(/超期 \d+ 个工作日/);
    await page.click('#ticket-detail button[data-action="accept"]');
    await expect.poll(() => page.textContent("#t-result")).toBe(`已受理工单 ${tickets[1]}。`);
    expect(await page.textContent("#ticket-history")).toContain("http:console:张三");
    await page.fill("#ticket-detail textarea[placeholder^='答复内容']", "已安排专人办理退税，三日内回复");
    await page.click('#ticket-detail button[data-action="reply"]');
    await expect.poll(() => page.textContent("#t-result")).toMatch(/答复已转达投诉人/);
    await shot(page, "console-ticket-1280.png");

    // 规则配置: 逾期升级天数 0 is refused, the error names the field in Chinese.
    await page.click('nav button[data-tab="rules"]');
    await page.click('[data-rules-tab="reminders.json"]');
    const rules = page.locator('[data-rules="reminders.json"]');
    await rules.locator('[data-path="overdue.escalateAfterWorkdays"]').fill("0");
    await rules.locator('button[data-save="reminders.json"]').click();
    await expect.poll(() => rules.locator('[data-result="reminders.json"]').textContent()).toContain("逾期升级天数：至少为 1");
    expect(await rules.locator('[data-path="overdue.escalateAfterWorkdays"]').getAttribute("class")).toContain("invalid");
    await shot(page, "console-rules-1280.png");
    // The JSON view is kept for experts.
    await rules.locator("button", { hasText: "JSON" }).click();
    expect(await rules.locator("textarea[data-file]").inputValue()).toContain('"escalateAfterWorkdays": 0');

    // 知识库 and 文档与事实 as before: reload with its report, a document's facts.
    await page.click('nav button[data-tab="kb"]');
    await expect.poll(() => page.textContent("#kb-version")).toBe(w.deps.kb.version);
    await page.click("#reload-btn");
    await expect.poll(() => page.textContent("#reload-report")).toMatch(/知识库已更新/);
    await page.click('nav button[data-tab="docs"]');
    await page.click('#docs-body tr[data-id="xuwei-2021-zuofeng-jianshe"]');
    await expect.poll(() => page.locator("#doc-detail .tag").count()).toBeGreaterThan(5);

    // 审计日志 in Chinese.
    await page.click('nav button[data-tab="audit"]');
    await expect.poll(() => page.locator("#audit-body tr").count()).toBeGreaterThan(3);
    const audit = await page.textContent("#audit-body");
    for (const s of ["张三（控制台）", "受理工单", "整理未解决问题", "保存规则", "登录失败（令牌无效）", "来自 127.0.0.1"]) expect(audit).toContain(s);
    await shot(page, "console-audit-1280.png");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("at 390 px: charts fit, tables become cards, a ticket is worked, a rule error reads in Chinese", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" });
    const errors: string[] = [];
    await login(page, errors);
    const series = await chartsDrawn(page);
    for (const c of CHARTS) expect(series[c]?.some((len) => len > 0), c).toBe(true);
    const widths = (await page.evaluate('({ page: document.documentElement.scrollWidth, charts: [...document.querySelectorAll("[data-chart] canvas")].map((c) => c.getBoundingClientRect().width) })')) as { page: number; charts: number[] };
    expect(widths.page).toBeLessThanOrEqual(390);
    for (const cw of widths.charts) expect(cw).toBeLessThanOrEqual(390);
    await shot(page, "console-dashboard-390.png");
    await screen(page, "console-dashboard-390-screen.png");
    await page.locator('[data-chart="ontime"]').scrollIntoViewIfNeeded();
    await screen(page, "console-dashboard-390-ontime.png");

    await page.click('nav button[data-tab="tickets"]');
    await page.waitForSelector(`#tickets-body tr[data-id="${tickets[2]}"]`);
    expect(await page.locator("#tab-tickets thead").first().isVisible()).toBe(false); // cards, not columns
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await screen(page, "console-tickets-390-screen.png");
    await page.click(`#tickets-body tr[data-id="${tickets[2]}"]`);
    await page.waitForSelector('#ticket-detail button[data-action="accept"]');
    await page.click('#ticket-detail button[data-action="accept"]');
    await expect.poll(() => page.textContent("#t-result")).toBe(`已受理工单 ${tickets[2]}。`);
    await shot(page, "console-ticket-390.png");
    await page.locator("#t-result").scrollIntoViewIfNeeded();
    await screen(page, "console-ticket-390-screen.png");

    await page.click('nav button[data-tab="rules"]');
    await page.click('[data-rules-tab="reminders.json"]');
    const rules = page.locator('[data-rules="reminders.json"]');
    await rules.locator('[data-path="overdue.escalateAfterWorkdays"]').fill("0");
    await rules.locator('button[data-save="reminders.json"]').click();
    await expect.poll(() => rules.locator('[data-result="reminders.json"]').textContent()).toContain("逾期升级天数：至少为 1");
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await shot(page, "console-rules-390.png");
    await screen(page, "console-rules-390-screen.png");

    await page.click('nav button[data-tab="open"]');
    await page.waitForSelector("#u-curated tr");
    await shot(page, "console-unanswered-390.png");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
