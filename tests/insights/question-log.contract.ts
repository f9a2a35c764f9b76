// One contract for both question-log adapters (SQLite, Redis): what is kept (masked text, HMAC user
// key, outcome, measures), retention by a moved clock, the day figures, picked suggestions and
// rated answers in the unanswered list, and the last reply seen from a second instance.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.ts";
import type { IncomingMessage, Reply } from "../../core/message.ts";
import { silentLogger } from "../../core/log.ts";
import { QuestionLog } from "../../insights/question-log.ts";
import type { QuestionStore } from "../../insights/types.ts";
import { userKey } from "../../core/user-key.ts";

export interface StoreFactory {
  open(): Promise<QuestionStore>;
  /** A second handle on the same log (another instance). */
  reopen(): Promise<QuestionStore>;
  cleanup(): Promise<void>;
}

const SECRET = "contract-secret-0123456789";
let n = 0;
export const msgOf = (userId: string, text: string, clock: ManualClock, channel: IncomingMessage["channel"] = "dingtalk"): IncomingMessage => ({
  channel,
  messageId: `q${++n}`,
  userId,
  text,
  mentioned: true,
  receivedAt: clock.now(),
});
export const replyOf = (outcome: Reply["outcome"], offered: string[] = []): Reply => ({
  intent: "question",
  outcome,
  offered,
  text: "…",
  grounded: outcome === "answer",
  citations: [],
  ticket: null,
  pushes: [],
});

export function questionLogContract(name: string, f: StoreFactory): void {
  describe(`question log (${name})`, () => {
    const opened: QuestionLog[] = [];
    const logOn = (store: QuestionStore, clock: ManualClock) => {
      const l = new QuestionLog({ store, secret: SECRET, clock, log: silentLogger(), retentionDays: 180, kbVersion: () => "v1" });
      opened.push(l);
      return l;
    };
    afterEach(async () => {
      for (const l of opened.splice(0)) await l.close();
      await f.cleanup();
    });

    it("keeps the text masked and the person only as the HMAC key", async () => {
      const clock = new ManualClock(new Date("2026-12-01T02:00:00Z"));
      const log = logOn(await f.open(), clock);
      log.record(msgOf("zhang-san-007", "我电话13812345678，身份证110101199003071234，企业开办多久？", clock), replyOf("answer", ["doc#1", "doc#2"]));
      await log.flush();
      const [row] = await log.store.recent(5);
      expect(row.text).toBe("我电话138****5678，身份证110101********1234，企业开办多久？");
      expect(row.user).toBe(userKey(SECRET, "dingtalk", "zhang-san-007"));
      expect(JSON.stringify(row)).not.toContain("zhang-san-007");
      expect(row).toMatchObject({ outcome: "answer", offered: ["doc#1", "doc#2"], channel: "dingtalk", day: "2026-12-01", kb: "v1" });
    });

    it("drops what is older than the retention, keeps the rest", async () => {
      const clock = new ManualClock(new Date("2026-05-01T02:00:00Z"));
      const log = logOn(await f.open(), clock);
      log.record(msgOf("u1", "很久以前的问题", clock), replyOf("refuse"));
      await log.flush();
      clock.set("2026-10-20T02:00:00Z"); // 172 days later: still kept
      log.record(msgOf("u1", "近期的问题", clock), replyOf("refuse"));
      await log.flush();
      expect(await log.trim()).toBe(0);
      clock.set("2026-11-05T02:00:00Z"); // 188 days after the first
      expect(await log.trim()).toBe(1);
      expect((await log.store.recent(10)).map((r) => r.text)).toEqual(["近期的问题"]);
      const days = await log.store.days("2026-01-01", "2026-12-31");
      expect(days.map((d) => d.day)).toEqual(["2026-10-20"]);
      expect((await log.store.unanswered("2026-01-01", "2026-12-31", 10)).map((u) => u.text)).toEqual(["近期的问题"]);
    });

    it("counts each Beijing day's outcomes and the measures answers cite", async () => {
      // 2026-12-01 23:30 Beijing is still the 1st; 00:30 the next morning is the 2nd.
      const clock = new ManualClock(new Date("2026-12-01T15:30:00Z"));
      const log = logOn(await f.open(), clock);
      log.record(msgOf("a", "问一", clock), replyOf("answer", ["m#1"]));
      log.record(msgOf("b", "问二", clock), replyOf("answer", ["m#1", "m#2"]));
      log.record(msgOf("c", "问三", clock), replyOf("refuse"));
      clock.advance(3600_000);
      log.record(msgOf("d", "问四", clock), replyOf("answer", ["m#2"]));
      log.record(msgOf("d", "投诉窗口推诿", clock), replyOf("complaint"));
      await log.flush();
      expect(await log.store.days("2026-12-01", "2026-12-02")).toEqual([
        { day: "2026-12-01", outcomes: { answer: 2, refuse: 1 }, feedback: {} },
        { day: "2026-12-02", outcomes: { answer: 1, complaint: 1 }, feedback: {} },
      ]);
      expect(await log.store.topMeasures("2026-12-01", "2026-12-02", 5)).toEqual([
        { measureId: "m#1", count: 2 },
        { measureId: "m#2", count: 1 },
      ]);
    });

    it("lists refusals, unpicked suggestions and answers rated unhelpful — not a suggestion that was picked", async () => {
      const clock = new ManualClock(new Date("2026-12-02T02:00:00Z"));
      const log = logOn(await f.open(), clock);
      log.record(msgOf("a", "护照怎么办理？", clock), replyOf("refuse"));
      log.record(msgOf("b", "护照怎么办理", clock), replyOf("refuse"));
      log.record(msgOf("c", "报装的事", clock), replyOf("suggest", ["m#5", "m#6"]));
      clock.advance(60_000);
      log.record(msgOf("c", "2", clock), replyOf("answer", ["m#6"])); // picked
      log.record(msgOf("d", "报装的事", clock), replyOf("suggest", ["m#5", "m#6"])); // not picked
      log.record(msgOf("e", "食堂几点开门", clock), replyOf("answer", ["m#9"]));
      await log.flush();
      const last = await log.lastReply({ channel: "dingtalk", userId: "e" });
      expect(last).toMatchObject({ outcome: "answer", offered: ["m#9"], text: "食堂几点开门" });
      await log.feedback({ channel: "dingtalk", userId: "e" }, last!, "useless");
      const open = await log.store.unanswered("2026-12-01", "2026-12-03", 10);
      expect(open.map((u) => [u.norm, u.count, u.reasons])).toEqual([
        ["护照怎么办理", 2, ["refuse"]],
        expect.arrayContaining([expect.any(String), 1]),
        expect.arrayContaining([expect.any(String), 1]),
      ]);
      const byNorm = Object.fromEntries(open.map((u) => [u.norm, u]));
      expect(byNorm["报装的事"]).toMatchObject({ count: 1, reasons: ["suggest"], offered: ["m#5", "m#6"] });
      expect(byNorm["食堂几点开门"]).toMatchObject({ count: 1, reasons: ["rated"], offered: ["m#9"] });
      const days = await log.store.days("2026-12-02", "2026-12-02");
      expect(days[0].feedback).toEqual({ useless: 1 });
    });

    it("a second instance sees the last reply and its rating", async () => {
      const clock = new ManualClock(new Date("2026-12-03T02:00:00Z"));
      const one = logOn(await f.open(), clock);
      one.record(msgOf("p", "企业开办要多久", clock), replyOf("answer", ["m#1"]));
      one.record(msgOf("p", "谢谢", clock), { ...replyOf("smalltalk"), intent: "other" });
      await one.flush();
      const two = logOn(await f.reopen(), clock);
      const last = await two.lastReply({ channel: "dingtalk", userId: "p" });
      expect(last).toMatchObject({ outcome: "answer", offered: ["m#1"], text: "企业开办要多久" });
      await two.feedback({ channel: "dingtalk", userId: "p" }, last!, "useful");
      expect((await one.store.lastOf(userKey(SECRET, "dingtalk", "p")))?.rated).toBe("useful");
      clock.advance(31 * 60_000); // too old to rate
      expect(await two.lastReply({ channel: "dingtalk", userId: "p" })).toBeNull();
    });
  });
}
