// The web console in a real browser (Debian's Chromium driven by playwright-core, no download):
// log in with the token, reload the knowledge base, open a ticket with its history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { cp, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerType } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";
import { buildRoot, type Root } from "../../bot/root/index.ts";
import { createApp, type App } from "../../bot/app.ts";
import { startHttp } from "../../bot/channels/local/http.ts";
import { ADMIN_TOKEN, CONFIG_DIR, copyCorpus, silent, tempDir, testConfig } from "./helpers.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("../.artifacts/", import.meta.url));
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the web-console browser test: ${CHROMIUM} is not installed (apt-get install chromium)`);

let root: string;
let w: Root;
let app: App;
let server: ServerType;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  root = await tempDir("console");
  await copyCorpus(join(root, "kb"));
  await cp(CONFIG_DIR, join(root, "config"), { recursive: true });
  await mkdir(ARTIFACTS, { recursive: true });
  w = await buildRoot(testConfig({ ZWB_DATA_DIR: join(root, "data"), ZWB_KB_DIR: join(root, "kb"), ZWB_CONFIG_DIR: join(root, "config") }), silent);
  app = createApp(w.deps);
  const started = await startHttp({ app, root: w }, 0, "127.0.0.1");
  server = started.server;
  base = `http://127.0.0.1:${started.port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}, 30_000);

afterAll(async () => {
  if (!hasChromium) return;
  await browser?.close();
  await new Promise((r) => server.close(r));
  await w.close();
  await rm(root, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)("web console", () => {
  it("logs in, reloads the knowledge base and views a ticket with its history", async () => {
    const r = await app.handle({ channel: "http", messageId: "c1", userId: "qiye-9", text: "投诉：办理施工许可一直拖着不给办，窗口说等通知，已经一个月了。", mentioned: true, receivedAt: new Date() });
    const ticketId = r?.ticket?.id;
    expect(ticketId).toBeTruthy();

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/console`);

    await page.fill("#token", "not-the-token-000000");
    await page.click("#login-btn");
    await expect.poll(() => page.textContent("#login-error")).toMatch(/令牌错误/);

    await page.fill("#name", "张三");
    await page.fill("#token", ADMIN_TOKEN);
    await page.click("#login-btn");
    await page.waitForSelector("#app:not([hidden])");
    await expect.poll(() => page.textContent("#kb-version")).toBe(w.deps.kb.version);
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem("zwb-token"))).toBe(ADMIN_TOKEN);
    await page.screenshot({ path: join(ARTIFACTS, "console-login.png"), fullPage: true });

    await page.click("#reload-btn");
    await expect.poll(() => page.textContent("#reload-report")).toMatch(/知识库已更新/);
    expect(await page.getAttribute("#reload-report", "class")).toBe("ok");
    await page.screenshot({ path: join(ARTIFACTS, "console-reload.png"), fullPage: true });

    await page.click('nav button[data-tab="tickets"]');
    await page.click(`#tickets-body tr[data-id="${ticketId}"]`);
    await page.waitForSelector("#ticket-detail:not([hidden])");
    const detail = await page.textContent("#ticket-detail");
    expect(detail).toContain(ticketId!);
    expect(detail).toContain("施工许可");
    expect(await page.locator("#ticket-history tr").count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(ARTIFACTS, "console-ticket.png"), fullPage: true });

    await page.click('nav button[data-tab="docs"]');
    await page.click('#docs-body tr[data-id="xuwei-2021-zuofeng-jianshe"]');
    await expect.poll(() => page.locator("#doc-detail .tag").count()).toBeGreaterThan(5);
    await page.screenshot({ path: join(ARTIFACTS, "console-docs.png"), fullPage: true });

    await page.click('nav button[data-tab="audit"]');
    await expect.poll(() => page.locator("#audit-body tr").count()).toBeGreaterThanOrEqual(1);
    expect(await page.textContent("#audit-body")).toContain("console:张三");
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);
});
