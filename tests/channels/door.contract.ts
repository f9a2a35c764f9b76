// One contract every door passes, against its fake platform and the real pipeline: a question answered
// with its source, a complaint ticketed with the officer told on that door and the officer's reply
// relayed to the complainant there, a picture sent right after joining the ticket, and the same
// delivery twice answered once.
import { describe, expect, it } from "vitest";
import type { Running } from "../e2e/helpers.ts";
import type { ChannelName } from "../../core/message.ts";
import { WATER_QUESTION, waitUntil } from "../e2e/helpers.ts";

export interface DoorDriver {
  channel: ChannelName;
  r: Running;
  /** The ids the fake platform uses for the complainant and the officer the test config routes to. */
  complainant: string;
  officer: string;
  /** A user writes to the bot one-to-one; resolves with everything the bot answered to that message. */
  say(user: string, text: string): Promise<string>;
  /** The same platform delivery sent twice; resolves with the answers seen. */
  sayTwice(user: string, text: string): Promise<string[]>;
  /** A user sends a picture one-to-one. */
  sendPicture(user: string, bytes: Buffer, name: string): Promise<string>;
  /** Everything pushed so far to a user on this door (officer notices, relays). */
  pushedTo(user: string): string[];
}

export const CONTRACT_COMPLAINT = "我要投诉,我们厂申请用电报装两个多月了还没接通,一直推诿";
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]), Buffer.alloc(1500, 6)]);

export function doorContract(make: () => DoorDriver) {
  let d: DoorDriver;
  const ticketOf = (text: string) => /TS\d{8}-[A-Z]?\d{4,}/.exec(text)?.[0];

  describe("door contract", () => {
    it("answers a policy question with the time limit and its source", async () => {
      d = make();
      const text = await d.say("asker-contract", WATER_QUESTION);
      expect(text).toContain("3个工作日");
      expect(text).toContain("关于进一步推进机关作风建设的实施方案");
    });

    it("tickets a complaint, tells the officer on this door, and relays the officer's reply to the complainant", async () => {
      d = make();
      const answer = await d.say(d.complainant, CONTRACT_COMPLAINT);
      const id = ticketOf(answer);
      expect(id, answer).toBeTruthy();
      await waitUntil(() => d.pushedTo(d.officer).some((t) => t.includes(id!)), `${d.channel}: officer notice`);
      const confirmation = await d.say(d.officer, `回复 ${id} 已安排专人上门接电`);
      expect(confirmation).toContain("已答复");
      await waitUntil(() => d.pushedTo(d.complainant).some((t) => t.includes("已安排专人上门接电")), `${d.channel}: relay to the complainant`);
      expect(d.pushedTo(d.complainant).find((t) => t.includes("已安排专人上门接电"))).toContain(id!);
      expect((await d.r.w.deps.tickets.get(id!))?.status).toBe("replied");
    });

    it("attaches a picture sent right after the complaint to its ticket", async () => {
      d = make();
      const id = (await d.r.w.deps.tickets.openTicketsOf({ channel: d.channel, userId: d.complainant }))[0]?.id;
      expect(id, "the complaint of the previous test").toBeTruthy();
      const answer = await d.say(d.complainant, `补充 ${id} 对方说下周才能排上`);
      expect(answer).toContain("已将补充内容记入工单");
      const ack = await d.sendPicture(d.complainant, JPEG, "现场照片.jpg");
      expect(ack).toContain(`已收到图片，已附到工单 ${id}`);
      const t = (await d.r.w.deps.tickets.get(id!))!;
      expect(t.attachments?.map((a) => a.type)).toEqual(["image/jpeg"]);
      await waitUntil(() => d.pushedTo(d.officer).some((x) => x.includes(`工单 ${id} 投诉人补充了图片`)), `${d.channel}: officer told of the picture`);
    });

    it("answers the same delivery, sent twice, once", async () => {
      d = make();
      const answers = await d.sayTwice("asker-twice", "企业开办多长时间能办结?");
      expect(answers).toHaveLength(1);
    });
  });
}
