// Tickets seeded through the real TicketService with a clock moved by hand, for the weekly figures:
// the week 2026-W49 (Mon 30 Nov – Sun 6 Dec 2026, no holidays), and what a person counts by hand.
import { ManualClock } from "../../core/clock.ts";
import type { IncomingMessage } from "../../core/message.ts";
import { silentLogger } from "../../core/log.ts";
import { ChineseWorkCalendar } from "../../tickets/calendar.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import { createTicketService, type TicketService } from "../../tickets/service.ts";
import type { TicketStore } from "../../tickets/store.ts";
import { CONFIG_DIR } from "../admin/helpers.ts";

export const bj = (s: string) => new Date(`${s}:00+08:00`);

export interface Seeded {
  svc: TicketService;
  clock: ManualClock;
  calendar: ChineseWorkCalendar;
  ids: Record<string, string>;
}

let n = 0;
const officer = (userId: string) => ({ channel: "local" as const, userId });
const complainant = { channel: "local" as const, userId: "qiye-1" };

export async function seedWeek(store: TicketStore): Promise<Seeded> {
  const clock = new ManualClock(bj("2026-11-23T10:00"));
  const calendar = new ChineseWorkCalendar([], silentLogger());
  const tc = loadTicketConfig(CONFIG_DIR);
  const svc = createTicketService({ store, calendar, clock, log: silentLogger(), ...tc, admins: [], idSalt: "seed-salt-0123456789" });
  const ids: Record<string, string> = {};
  const create = async (key: string, at: string, text: string) => {
    clock.set(bj(at));
    const msg: IncomingMessage = { channel: "local", messageId: `seed-${++n}`, userId: complainant.userId, text, mentioned: true, receivedAt: clock.now() };
    ids[key] = (await svc.createFromComplaint(msg)).ticket.id;
  };
  const act = async (at: string, fn: () => Promise<{ ok: boolean; text: string }>) => {
    clock.set(bj(at));
    const r = await fn();
    if (!r.ok) throw new Error(r.text);
  };
  const gd = officer("officer-gd");
  const scjg = officer("officer-scjg");
  // W48: decided before the week, never counted in it.
  await create("T7", "2026-11-23T10:00", "投诉：厂区用电报装拖了很久，供电窗口一直推诿");
  await act("2026-11-24T10:00", () => svc.accept(gd, ids.T7));
  // Accept due Mon 30 Nov; accepted that day: on time, decided in W49.
  await create("T1", "2026-11-25T10:00", "投诉：新厂房接电申请提交后没人处理，用电一直办不下来");
  // Accept due Tue 1 Dec; accepted Wed 2 Dec: late, decided at its due time (W49).
  await create("T2", "2026-11-26T10:00", "投诉：供电公司拖延用电增容，多次催办没有答复");
  // Accept due Wed 2 Dec; never accepted: late and still overdue at the end of the week.
  await create("T3", "2026-11-27T10:00", "投诉：税务窗口办理退税一再拖延，让我们来回跑");
  await act("2026-11-30T15:00", () => svc.accept(gd, ids.T1));
  // W49: accepted, resolved and rated satisfied.
  await create("T4", "2026-11-30T10:00", "投诉：办理营业执照变更时窗口人员态度恶劣、故意刁难");
  await act("2026-11-30T11:00", () => svc.accept(scjg, ids.T4));
  await act("2026-12-01T10:00", () => svc.resolve(scjg, ids.T4, "已约谈窗口人员并完成变更"));
  await create("T5", "2026-12-01T10:00", "投诉：营业执照注销被要求反复补材料，来回跑了三趟");
  await act("2026-12-01T11:00", () => svc.accept(scjg, ids.T5));
  await act("2026-12-02T10:00", () => svc.accept(gd, ids.T2));
  await act("2026-12-02T10:00", () => svc.rate(complainant, ids.T4, true));
  await act("2026-12-02T10:00", () => svc.resolve(scjg, ids.T5, "已一次性告知材料并办结"));
  // Unsatisfied: reopened (重办), new reply and resolve clocks from 3 Dec.
  await act("2026-12-03T10:00", () => svc.rate(complainant, ids.T5, false));
  // Accept due Tue 8 Dec: still running when the week's report is made.
  await create("T6", "2026-12-03T10:00", "投诉：纳税申报系统故障，税务局一直不给答复");
  clock.set(bj("2026-12-07T09:00"));
  return { svc, clock, calendar, ids };
}

/** Counted by hand from the seeding above (see the comments there). */
export const BY_HAND = {
  accept: { due: 5, onTime: 3 }, // T1 on time, T2 late, T3 late, T4 on time, T5 on time
  acceptByUnit: { 供电公司: { due: 2, onTime: 1 }, 税务局: { due: 1, onTime: 0 }, 市场监督管理局: { due: 2, onTime: 2 } },
  resolve: { due: 2, onTime: 2 }, // T4 (1 Dec), T5 (2 Dec)
  plan: { due: 2, onTime: 2 },
  reply: { due: 2, onTime: 2 },
  followup: { due: 2, onTime: 2 }, // T4 rated 2 Dec, T5 rated 3 Dec
  satisfaction: { rated: 2, satisfied: 1 },
  reopen: { resolved: 2, reopened: 1 },
  created: 3, // T4, T5, T6
  overdue: [{ unit: "税务局", tickets: 1, clocks: 1, kind: "accept", overdueWorkdays: 2 }], // T3: due Wed, Thu 3 and Fri 4 Dec past
};
