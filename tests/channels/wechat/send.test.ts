import { afterEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { textReply } from "../../../core/message.ts";
import { silentLogger } from "../../../core/log.ts";
import { PushError } from "../../../core/delivery.ts";
import { renderReply, SendQueue, splitText, type Outgoing } from "../../../bot/channels/wechat/send.ts";
import { parseRoomList } from "../../../bot/channels/wechat/parse.ts";

describe("renderReply", () => {
  it("puts the answer first and one deduplicated source line per citation", () => {
    const c = (title: string, section: string) => ({ doc: "d", title, section, text: "" });
    const texts = renderReply(
      textReply("question", "办理时限为 3 个工作日。", {
        citations: [c("优化营商环境条例", "第十条"), c("优化营商环境条例", "第十条"), c("开办企业指南", "二、流程")],
      }),
    );
    expect(texts).toEqual(["办理时限为 3 个工作日。\n\n来源:《优化营商环境条例》第十条\n来源:《开办企业指南》二、流程"]);
  });

  it("mentions the ticket id when the text does not", () => {
    const ticket = { id: "T-20240601-7", unit: "住建局", category: "市政", deadlines: [] };
    expect(renderReply(textReply("complaint", "已受理。", { ticket }))[0]).toContain("T-20240601-7");
  });

  it("renders nothing for an empty reply", () => {
    expect(renderReply(textReply("other", "  "))).toEqual([]);
  });
});

describe("splitText", () => {
  it("keeps short text whole", () => {
    expect(splitText("短消息", 100)).toEqual(["短消息"]);
  });

  it("splits long text at line breaks, numbers the parts and loses nothing", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `第${i + 1}条：${"内容".repeat(10)}`);
    const parts = splitText(lines.join("\n"), 120);
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, p] of parts.entries()) {
      expect(p.length).toBeLessThanOrEqual(120);
      expect(p.endsWith(`（${i + 1}/${parts.length}）`)).toBe(true);
    }
    const rejoined = parts.map((p) => p.replace(/\n（\d+\/\d+）$/, "")).join("\n");
    expect(rejoined).toBe(lines.join("\n"));
  });

  it("hard-splits a single overlong line", () => {
    const parts = splitText("字".repeat(250), 100);
    expect(parts.every((p) => p.length <= 100)).toBe(true);
    expect(parts.map((p) => p.replace(/\n（\d+\/\d+）$/, "")).join("")).toBe("字".repeat(250));
  });
});

describe("parseRoomList", () => {
  it("reads a comma list (ASCII or full-width) and defaults to 政务帮", () => {
    expect(parseRoomList("政务帮, 营商环境群，企业服务群")).toEqual(["政务帮", "营商环境群", "企业服务群"]);
    expect(parseRoomList(undefined)).toEqual(["政务帮"]);
    expect(parseRoomList(" , ")).toEqual(["政务帮"]);
  });
});

describe("SendQueue", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function recorder(ready = true) {
    const sent: Outgoing[] = [];
    const state = { ready, fail: [] as Error[] };
    const deliver = async (item: Outgoing) => {
      const err = state.fail.shift();
      if (err) throw err;
      sent.push(item);
    };
    return { sent, state, deliver };
  }

  it("sends in order and is idle afterwards", async () => {
    const r = recorder();
    const q = new SendQueue({ deliver: r.deliver, isReady: () => r.state.ready, log: silentLogger(), intervalMs: 0 });
    q.enqueue({ contactId: "a" }, ["1", "2"]);
    q.enqueue({ roomId: "r@chatroom", mentionId: "a" }, ["3"]);
    await q.idle();
    expect(r.sent.map((s) => s.text)).toEqual(["1", "2", "3"]);
    expect(r.sent[2]!.to).toEqual({ roomId: "r@chatroom", mentionId: "a" });
    expect(q.size).toBe(0);
  });

  it("holds messages while not ready and keeps them in the file across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zwb-wx-"));
    dirs.push(dir);
    const file = join(dir, "outbox.jsonl");
    const r1 = recorder(false);
    const q1 = new SendQueue({ deliver: r1.deliver, isReady: () => r1.state.ready, log: silentLogger(), intervalMs: 0, file });
    q1.enqueue({ contactId: "officer" }, ["提醒一", "提醒二"]);
    await q1.idle();
    expect(r1.sent).toHaveLength(0);
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(2);
    q1.stop();

    const r2 = recorder(true);
    const q2 = new SendQueue({ deliver: r2.deliver, isReady: () => r2.state.ready, log: silentLogger(), intervalMs: 0, file });
    expect(q2.size).toBe(2);
    q2.resume();
    await q2.idle();
    expect(r2.sent.map((s) => s.text)).toEqual(["提醒一", "提醒二"]);
    expect(readFileSync(file, "utf8")).toBe("");
  });

  it("retries a transient failure, drops a permanent one, and keeps going", async () => {
    const r = recorder();
    r.state.fail.push(new Error("network"));
    const deliver = async (item: Outgoing) => {
      if (item.text === "second") throw new PushError("contact not found", false);
      await r.deliver(item);
    };
    const q = new SendQueue({ deliver, isReady: () => true, log: silentLogger(), intervalMs: 0 });
    q.enqueue({ contactId: "a" }, ["first", "second", "third"]);
    await q.idle();
    // "first" failed once then went out; "second" hit the permanent error and was dropped.
    expect(r.sent.map((s) => s.text)).toEqual(["first", "third"]);
  });

  it("keeps a message when the account logs out during the send", async () => {
    const r = recorder();
    let loggedOutOnce = false;
    const q = new SendQueue({
      deliver: async (item) => {
        if (item.text === "b" && !loggedOutOnce) {
          loggedOutOnce = true;
          r.state.ready = false;
          throw new Error("not logged in");
        }
        r.sent.push(item);
      },
      isReady: () => r.state.ready,
      log: silentLogger(),
      intervalMs: 0,
    });
    q.enqueue({ contactId: "a" }, ["a", "b", "c"]);
    await q.idle();
    expect(r.sent.map((s) => s.text)).toEqual(["a"]);
    expect(q.size).toBe(2);
    r.state.ready = true;
    q.resume();
    await q.idle();
    expect(r.sent.map((s) => s.text)).toEqual(["a", "b", "c"]);
  });

  it("waits the configured interval between sends", async () => {
    vi.useFakeTimers();
    try {
      const r = recorder();
      const q = new SendQueue({ deliver: r.deliver, isReady: () => true, log: silentLogger(), intervalMs: 1000, jitterMs: 0 });
      q.enqueue({ contactId: "a" }, ["1", "2"]);
      await vi.advanceTimersByTimeAsync(0);
      expect(r.sent.map((s) => s.text)).toEqual(["1"]);
      await vi.advanceTimersByTimeAsync(999);
      expect(r.sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(r.sent.map((s) => s.text)).toEqual(["1", "2"]);
      q.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
