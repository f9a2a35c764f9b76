import { describe, expect, it } from "vitest";
import { compose } from "../../core/context.ts";
import { ManualClock } from "../../core/clock.ts";
import type { AppContext as Context, AppMiddleware as Middleware, Deps } from "../../handlers/deps.ts";
import { silentLogger } from "../../core/log.ts";
import { textReply, type IncomingMessage } from "../../core/message.ts";
import { dedupe } from "../../bot/middleware/dedupe.ts";
import { rateLimit } from "../../bot/middleware/rate-limit.ts";
import { mentionGate } from "../../bot/middleware/mention-gate.ts";
import { inputGuard, cleanText, MAX_MESSAGE_CHARS } from "../../bot/middleware/input-guard.ts";
import { errorBoundary } from "../../bot/middleware/error-boundary.ts";

const clock = new ManualClock(new Date("2026-11-25T02:00:00Z"));
const deps = { settings: { adminIds: [], rateLimitPerMinute: 20, botNames: ["政务帮"] }, log: silentLogger(), clock } as unknown as Deps;

function msg(over: Partial<IncomingMessage> = {}): IncomingMessage {
  return { channel: "local", messageId: Math.random().toString(36), userId: "u1", text: "企业开办多久", mentioned: true, receivedAt: clock.now(), ...over };
}

async function run(mw: Middleware, m: IncomingMessage) {
  const calls: string[] = [];
  const ctx: Context = { msg: m, deps, state: {} };
  await compose(mw, async (c) => {
    calls.push(c.msg.text);
    c.reply = textReply("question", `答:${c.msg.text}`);
  })(ctx, async () => {});
  return { reply: ctx.reply, calls };
}

describe("pipeline", () => {
  it("compose runs middlewares in order and lets one answer without calling the rest", async () => {
    const order: number[] = [];
    const a: Middleware = async (_c, next) => {
      order.push(1);
      await next();
      order.push(4);
    };
    const b: Middleware = async (c) => {
      order.push(2);
      c.reply = textReply("other", "b");
    };
    const never: Middleware = async () => {
      order.push(3);
    };
    const ctx: Context = { msg: msg(), deps, state: {} };
    await compose(a, b, never)(ctx, async () => {});
    expect(order).toEqual([1, 2, 4]);
    expect(ctx.reply?.text).toBe("b");
  });

  it("a redelivered message is processed once and gets the same reply", async () => {
    const d = dedupe();
    const m = msg({ messageId: "same-id" });
    const first = await run(d, m);
    const second = await run(d, { ...m });
    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(0);
    expect(second.reply?.text).toBe(first.reply?.text);
  });

  it("a flood gets one polite notice, then silence, and the window clears", async () => {
    const rl = rateLimit(3);
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push((await run(rl, msg({ userId: "flooder" }))).reply?.text);
    expect(replies.slice(0, 3).every((r) => r?.startsWith("答:"))).toBe(true);
    expect(replies[3]).toContain("过于频繁");
    expect(replies[4]).toBeUndefined();
    expect((await run(rl, msg({ userId: "someone-else" }))).reply?.text).toMatch(/^答:/);
    clock.advance(61_000);
    expect((await run(rl, msg({ userId: "flooder" }))).reply?.text).toMatch(/^答:/);
  });

  it("group chatter without an @ gets no reply at all", async () => {
    expect((await run(mentionGate(), msg({ groupId: "g1", mentioned: false }))).reply).toBeUndefined();
    expect((await run(mentionGate(), msg({ groupId: "g1", mentioned: true }))).reply?.text).toMatch(/^答:/);
  });

  it("empty, oversized and control-character input", async () => {
    expect((await run(inputGuard(), msg({ text: "  \u200b " }))).reply?.text).toContain("政务帮");
    const huge = await run(inputGuard(), msg({ text: "投诉".repeat(50_000) }));
    expect(huge.reply?.text).toContain(`${MAX_MESSAGE_CHARS}字`);
    expect(huge.calls).toHaveLength(0);
    expect(cleanText("企业\u0000开办\u202e多久\u0007")).toBe("企业开办多久");
    expect(cleanText("@政务帮 /reload")).toBe("/reload");
    expect(cleanText("@政务帮\u2005企业开办多久")).toBe("企业开办多久");
  });

  it("takes only the bot's own @-names off the start, never the question glued to them", async () => {
    // Chinese puts no space after a name: "@ up to the next space" would erase the whole question.
    expect(cleanText("@政务帮企业开办多长时间能办结？")).toBe("企业开办多长时间能办结？");
    expect(cleanText("＠政务帮：工单列表")).toBe("工单列表");
    expect(cleanText("@政务帮 @政务帮 查询 TS20261201-0001")).toBe("查询 TS20261201-0001");
    expect(cleanText("@小助手 用水报装多久", ["政务帮", "小助手"])).toBe("用水报装多久");
    // Somebody else's name stays: it is part of what the user says.
    expect(cleanText("@张三 说窗口让我们明天再来")).toBe("@张三 说窗口让我们明天再来");
    const viaGuard = await run(inputGuard(), msg({ text: "@政务帮工单列表" }));
    expect(viaGuard.calls).toEqual(["工单列表"]);
  });

  it("an exception becomes a clear Chinese reply", async () => {
    const ctx: Context = { msg: msg(), deps, state: {} };
    await compose(errorBoundary(), async () => {
      throw new Error("boom");
    })(ctx, async () => {});
    expect(ctx.reply?.text).toContain("12345");
  });
});
