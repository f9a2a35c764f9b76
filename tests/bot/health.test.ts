// Finding 4 (second half): with Redis stopped (alive, not answering) /healthz said ok. Now it asks
// Redis for real, reports liveness apart from readiness, and warns when Redis keeps nothing on disk.
// Finding 11: the console had no CSP or frame-ancestors header; "*:admin1" let any HTTP client claim
// to be admin1; the local outbox dropped beyond 10,000 silently.
import { afterAll, describe, expect, it } from "vitest";
import { OwnRedis, until } from "../support/own-redis.ts";
import { httpBot, type HttpBot } from "../support/http-bot.ts";
import { LocalOutbox } from "../../bot/channels/local/outbox.ts";
import { PushError } from "../../core/delivery.ts";

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c();
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const health = async (bot: HttpBot, path = "/healthz"): Promise<{ status: number; body: any }> => {
  const r = await fetch(`${bot.base}${path}`);
  return { status: r.status, body: await r.json() };
};

describe("/healthz tells the truth", () => {
  it("reports a frozen Redis as down (degraded, still ready: complaints are journaled) and warns that it keeps nothing on disk", async () => {
    const redis = await OwnRedis.start();
    const bot = await httpBot({ ZWB_STORE: "redis", REDIS_URL: redis.url, ZWB_REDIS_TIMEOUT_MS: "500" });
    closers.push(() => redis.destroy(), () => bot.close());
    await until(() => bot.root.redisHealth!.up, "redis gate");
    const ok = await health(bot);
    expect(ok.body).toMatchObject({ ok: true, ready: true, status: "ok", redis: { up: true } });
    expect(ok.body.redis.durability).toMatchObject({ appendonly: "no", persistent: false });
    expect(ok.body.redis.durability.warning).toContain("appendonly yes");

    redis.freeze();
    try {
      const frozen = await health(bot);
      expect(frozen.body).toMatchObject({ ok: true, ready: true, status: "degraded", redis: { up: false } });
      expect((await health(bot, "/healthz/live")).status).toBe(200);
      expect((await health(bot, "/healthz/ready")).status).toBe(200);
      expect(frozen.body.kbSync.subscribed).toBe(false);
      const c = await bot.say("ent-h", "我要投诉,用水报装两个月没办下来,部门推诿");
      expect(c.ticket?.id).toMatch(/-J[A-Z]{3}\d{4}$/);
      expect((await health(bot)).body.journal.pending).toBe(1);
    } finally {
      redis.thaw();
    }
    await until(async () => (await health(bot)).body.status === "ok", "recovery");
    await until(async () => (await health(bot)).body.journal.pending === 0, "replay");
  }, 40_000);

  it("finds no warning when Redis runs with AOF", async () => {
    const redis = await OwnRedis.start(["--appendonly", "yes"]);
    const bot = await httpBot({ ZWB_STORE: "redis", REDIS_URL: redis.url });
    closers.push(() => redis.destroy(), () => bot.close());
    const r = await health(bot);
    expect(r.body.redis.durability).toMatchObject({ appendonly: "yes", persistent: true, warning: null });
  }, 30_000);
});

describe("smaller findings", () => {
  it("the console forbids framing, sniffing and any script but its own", async () => {
    const bot = await httpBot({ ZWB_ADMIN_TOKEN: "test-admin-token-0123456789" });
    closers.push(() => bot.close());
    const r = await fetch(`${bot.base}/console`);
    const csp = r.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    // Only the console's own script files (and an inline script by its hash, if the page had one).
    expect(csp).toMatch(/script-src 'self'(?: 'sha256-[A-Za-z0-9+/=]+')*;/);
    expect(/script-src[^;]*unsafe-inline/.test(csp)).toBe(false);
    expect(csp).not.toContain("unsafe-eval");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
  });

  it("an HTTP client claiming an id of ZWB_ADMIN_IDS gets no admin rights, unless a gateway is declared to authenticate", async () => {
    const plain = await httpBot({ ZWB_ADMIN_IDS: "*:admin1,http:admin2,local:admin3" });
    closers.push(() => plain.close());
    for (const who of ["admin1", "admin2"]) expect((await plain.say(who, "/reload")).reply).toContain("仅限管理员");
    expect(plain.root.deps.settings.adminIds).toContain("local:admin1");
    expect(plain.root.deps.tickets.isAdmin({ channel: "dingtalk", userId: "admin1" })).toBe(true);
    expect(plain.root.deps.tickets.isAdmin({ channel: "http", userId: "admin1" })).toBe(false);
    const gated = await httpBot({ ZWB_ADMIN_IDS: "*:admin1", ZWB_HTTP_TRUSTED_IDS: "true" });
    closers.push(() => gated.close());
    expect((await gated.say("admin1", "/reload")).reply).toContain("知识库已更新");
  }, 30_000);

  it("a full local outbox refuses loudly instead of dropping the oldest notices", async () => {
    const box = new LocalOutbox(() => new Date(), 2);
    await box.push({ channel: "local", userId: "o" }, "1");
    await box.push({ channel: "local", userId: "o" }, "2");
    await expect(box.push({ channel: "local", userId: "o" }, "3")).rejects.toBeInstanceOf(PushError);
    expect(box.drain("o").map((p) => p.text)).toEqual(["1", "2"]);
  });
});
