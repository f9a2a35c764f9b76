// Ticket-related handlers in the order they must run: explicit commands before complaint detection,
// so "回复 TS… 已处理" from an officer is never ticketed as a new complaint.
import type { Middleware } from "../bot/pipeline.ts";
import { officerCommands } from "./officer.ts";
import { complainantCommands } from "./complainant.ts";
import { complaint } from "./complaint.ts";

export const ticketHandlers = (): Middleware[] => [
  officerCommands(),
  complainantCommands(),
  complaint({ unitHint: (ctx) => ctx.deps.kb.closestUnits(ctx.msg.text) }),
];
