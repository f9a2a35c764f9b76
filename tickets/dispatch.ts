// Runs a parsed ticket command against the service and turns the outcome into a Reply.
import { textReply, type IncomingMessage, type Reply } from "../core/message.ts";
import type { TicketCommand } from "./chat-commands.ts";
import type { TicketService, Outcome, Actor } from "./service.ts";
import { StoreUnavailableError, TicketNotFoundError } from "./store.ts";

export const BUSY_TEXT = "工单系统暂时繁忙,请稍后再试。如为新的投诉,请直接描述问题,我们会先行登记。";

export function actorOf(msg: IncomingMessage): Actor {
  return { channel: msg.channel, userId: msg.userId, ...(msg.groupId ? { groupId: msg.groupId } : {}) };
}

function run(svc: TicketService, a: Actor, c: TicketCommand): Promise<Outcome> {
  switch (c.verb) {
    case "accept": return svc.accept(a, c.id);
    case "reply": return svc.reply(a, c.id, c.text);
    case "transfer": return svc.transfer(a, c.id, c.unit);
    case "resolve": return svc.resolve(a, c.id, c.text);
    case "followup": return svc.followup(a, c.id, c.text);
    case "list": return svc.list(a);
    case "overdue": return svc.overdue(a);
    case "status": return svc.status(a, c.id);
    case "supplement": return svc.supplement(a, c.id, c.text);
    case "rate": return svc.rate(a, c.id, c.satisfied);
  }
}

export async function runTicketCommand(svc: TicketService, msg: IncomingMessage, c: TicketCommand): Promise<Reply> {
  try {
    const o = await run(svc, actorOf(msg), c);
    return textReply("command", o.text, { ticket: o.view, pushes: o.pushes });
  } catch (e) {
    if (e instanceof StoreUnavailableError) return textReply("command", BUSY_TEXT);
    if (e instanceof TicketNotFoundError) return textReply("command", `未找到工单 ${e.id},请核对工单号。`);
    throw e;
  }
}
