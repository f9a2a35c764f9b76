// The whole complaint conversation through createApp, shared by the local (file store) and Redis runs:
// complaint → ticket → officer 受理 / 回复 / 办结 → complainant 不满意 → reopened.
import { expect } from "vitest";
import type { Running } from "./helpers.ts";
import { localMsg, readDirectory } from "./helpers.ts";
import { loadTicketConfig } from "../../tickets/config.ts";

export const WINDOW_COMPLAINT = "我要投诉!行政审批大厅窗口的工作人员态度很差,让我来回跑了三趟";

export async function complaintConversation(r: Running, complainant: string): Promise<string> {
  const { app, w } = r;
  const directory = readDirectory(r.config.ZWB_CONFIG_DIR);
  const sla = loadTicketConfig(r.config.ZWB_CONFIG_DIR).sla;

  const created = await app.handle(localMsg(complainant, WINDOW_COMPLAINT));
  expect(created?.intent).toBe("complaint");
  const ticket = created!.ticket!;
  expect(ticket.id).toMatch(/^TS\d{8}-[A-Z]?\d{4,}$/);
  expect(created!.text).toContain(ticket.id);
  expect(created!.text).toContain(ticket.unit);
  // Every configured first-round deadline is stated with its instant and the rule it comes from.
  const firstRound = sla.deadlines.filter((d) => d.from === "created").map((d) => d.kind);
  expect(ticket.deadlines.map((d) => d.kind)).toEqual(firstRound);
  const now = w.deps.clock.now().getTime();
  for (const d of ticket.deadlines) {
    expect(Date.parse(d.dueAt)).toBeGreaterThan(now);
    expect(d.rule).toBe(sla.deadlines.find((x) => x.kind === d.kind)!.rule);
  }

  const officers = directory.units[ticket.unit] ?? [];
  expect(officers.length).toBeGreaterThan(0);
  const officer = officers.find((o) => o.role === "officer") ?? officers[0];
  // The new-ticket notice went to the routed unit's officers, not back to the complainant.
  const notices = w.outbox.drain(officer.userId);
  expect(notices.some((n) => n.text.includes(ticket.id))).toBe(true);
  const asOfficer = (text: string) => app.handle(localMsg(officer.userId, text, { channel: officer.channel }));

  // Someone who is not staff cannot act on tickets.
  const stranger = await app.handle(localMsg(`passer-by-${complainant}`, `受理 ${ticket.id}`));
  expect(stranger?.intent).toBe("command");
  expect(stranger?.text).toContain("无权");
  expect((await w.deps.tickets.get(ticket.id))!.status).toBe("open");

  const acc = await asOfficer(`受理 ${ticket.id}`);
  expect(acc?.text).toContain("已受理");
  expect((await w.deps.tickets.get(ticket.id))!.status).toBe("accepted");
  w.outbox.drain(complainant);

  const answer = "已约谈窗口负责人,明日上门为您办理";
  const rep = await asOfficer(`回复 ${ticket.id} ${answer}`);
  expect(rep?.text).toContain("已答复");
  const relayed = w.outbox.drain(complainant);
  expect(relayed).toHaveLength(1);
  expect(relayed[0].to).toMatchObject({ channel: "local", userId: complainant });
  expect(relayed[0].text).toContain(answer);
  expect(relayed[0].text).toContain(ticket.id);

  const res = await asOfficer(`办结 ${ticket.id} 已上门办结`);
  expect(res?.text).toContain("已办结");
  const resolvedPush = w.outbox.drain(complainant);
  expect(resolvedPush.map((p) => p.text).join("\n")).toContain(`不满意 ${ticket.id}`);
  expect((await w.deps.tickets.get(ticket.id))!.status).toBe("resolved");

  const bad = await app.handle(localMsg(complainant, `不满意 ${ticket.id}`));
  expect(bad?.intent).toBe("command");
  expect(bad?.text).toContain("重新");
  const reopened = (await w.deps.tickets.get(ticket.id))!;
  expect(reopened.status).toBe("reopened");
  expect(reopened.rating).toBe("unsatisfied");
  // The unit is told to work on it again.
  expect(w.outbox.drain(officer.userId).some((n) => n.text.includes(ticket.id))).toBe(true);
  const history = await w.deps.tickets.history(ticket.id);
  expect(history.map((e) => e.type)).toEqual(["created", "accepted", "replied", "resolved", "reopened"]);
  return ticket.id;
}
