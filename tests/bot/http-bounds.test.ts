// Finding 1: one unauthenticated request could take the bot down — a 150 MB JSON body aborted the
// process (heap out of memory), 4 MB user ids filled the guards' maps, 8 concurrent 30 MB bodies
// stalled everyone, and text/plain or form bodies were accepted (any web page could post cross-site).
// Against the bundle `npm start` runs, in its own process, so its memory is the bot's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import { startBot, type StartedBot } from "../support/start-bot.ts";

let bot: StartedBot;
beforeAll(async () => {
  bot = await startBot({ ZWB_LOG_LEVEL: "warn" });
}, 90_000);
afterAll(async () => {
  await bot?.stop();
});

/** Streams `bytes` of JSON-looking body at the bot; resolves with the status it answered, or -1 when it
 * answered 413 and closed the connection before the client could read the answer. */
function flood(bytes: number, opts: { chunked?: boolean; type?: string } = {}): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { "content-type": opts.type ?? "application/json" };
    if (!opts.chunked) headers["content-length"] = bytes;
    const req = request({ host: "127.0.0.1", port: bot.port, path: "/api/messages", method: "POST", headers });
    let status = -1;
    req.on("response", (res) => {
      status = res.statusCode ?? -1;
      res.resume();
      res.on("end", () => resolve(status));
      req.destroy();
    });
    req.on("error", () => resolve(status));
    const chunk = Buffer.alloc(1024 * 1024, "a");
    req.write('{"user":"u","text":"');
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end('"}');
    };
    pump();
  });
}

type Answer = { status: number; body: { reply?: string; error?: string; message?: string; field?: string } };
const ask = async (user: string, text: string): Promise<Answer> => {
  try {
    const r = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user, text }) });
    return { status: r.status, body: (await r.json()) as Answer["body"] };
  } catch {
    // The bot answered 413 and closed the connection while the body was still being sent.
    return { status: -1, body: {} };
  }
};
const REFUSED = [413, -1];

describe("the HTTP door bounds every request before any work", () => {
  it("refuses a 150 MB body (declared or chunked) with 413 and keeps answering", async () => {
    const before = bot.rssKiB();
    expect(REFUSED).toContain(await flood(150 * 1024 * 1024));
    expect(REFUSED).toContain(await flood(150 * 1024 * 1024, { chunked: true }));
    const q = await ask("after-flood", "无外线工程的用水报装要几个工作日？");
    expect(q.status).toBe(200);
    expect(q.body.reply).toContain("工作日");
    expect(bot.proc.exitCode).toBeNull();
    // Nothing of the bodies was kept: well under the 150 MB each would have cost.
    expect(bot.rssKiB() - before).toBeLessThan(80 * 1024);
  }, 60_000);

  it("eight concurrent 30 MB bodies are all refused while a question is answered", async () => {
    const floods = Array.from({ length: 8 }, () => flood(30 * 1024 * 1024));
    const q = await ask("during-flood", "企业开办多长时间能办结？");
    expect(q.status).toBe(200);
    // 413, or the connection closed right after it while the client was still sending (-1).
    for (const status of await Promise.all(floods)) expect(REFUSED).toContain(status);
    expect(bot.proc.exitCode).toBeNull();
  }, 60_000);

  it("refuses huge and malformed fields by name, in Chinese, before the pipeline", async () => {
    const big = await ask("x".repeat(4 * 1024 * 1024), "你好");
    expect(REFUSED).toContain(big.status);
    const long = await ask("u".repeat(200), "你好");
    expect(long).toMatchObject({ status: 400, body: { error: "invalid_body", field: "user" } });
    expect(long.body.message).toContain("user");
    const r = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "u", text: 5 }) });
    expect(await r.json()).toMatchObject({ field: "text" });
    // 405 senders with 60 KB ids: refused at the door, so no guard map ever holds them (they used to
    // keep 405 × 4 MB). The bound allows for the bodies in flight, which are not kept.
    const before = bot.rssKiB();
    const rs = await Promise.all(Array.from({ length: 405 }, (_, i) => ask(`${i}-${"y".repeat(60_000)}`, "你好")));
    expect(rs.every((x) => x.status === 400)).toBe(true);
    expect(bot.rssKiB() - before).toBeLessThan(150 * 1024);
  }, 60_000);

  it("takes JSON only: a form or text/plain post (what another site's page can send) gets 415", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, { method: "POST", headers: { "content-type": type }, body: '{"user":"u","text":"我要投诉窗口推诿"}' });
      expect(r.status).toBe(415);
      expect(((await r.json()) as { message: string }).message).toContain("JSON");
    }
  });
});
