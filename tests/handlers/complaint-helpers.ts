// Builds a Deps-like object around a real TicketService on a temp-folder store, and runs the ticket
// handlers in the order the app composes them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ManualClock } from "../../core/clock.ts";
import { type Deps } from "../../handlers/deps.ts";
import { silentLogger } from "../../core/log.ts";
import { compose, type Context } from "../../core/context.ts";
import { textReply, type IncomingMessage, type Reply } from "../../core/message.ts";
import { SqliteTicketStore } from "../../tickets/sqlite-store.ts";
import { ChineseWorkCalendar } from "../../tickets/calendar.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import { createTicketService } from "../../tickets/service.ts";
import { officerCommands } from "../../handlers/officer.ts";
import { complainantCommands } from "../../handlers/complainant.ts";
import { understandMessage } from "../../handlers/understand.ts";
import { complaint, maybeComplaint } from "../../handlers/complaint.ts";
import { route } from "../../core/context.ts";
import { LanguageRuntime, NO_CORPUS } from "../../language/index.ts";
import type { TicketStore } from "../../tickets/store.ts";

export const CONFIG_DIR = resolve(import.meta.dirname, "../../config");

export function harness(start = "2025-09-30T09:00:00+08:00", store?: TicketStore) {
  const dir = mkdtempSync(join(tmpdir(), "zwb-flow-"));
  const clock = new ManualClock(new Date(start));
  const log = silentLogger();
  const tc = loadTicketConfig(CONFIG_DIR);
  const s = store ?? SqliteTicketStore.open(dir);
  const tickets = createTicketService({ store: s, calendar: new ChineseWorkCalendar([], log), clock, log, ...tc, admins: ["local:admin"] });
  // No knowledge base here: routing hints come from the complaint text alone. Only the complaint
  // routes are composed; whatever the router would send elsewhere is "(passed on)".
  const kb = { closestUnits: () => undefined, current: () => ({ index: { vocabulary: NO_CORPUS } }) };
  const deps = { settings: { adminIds: ["local:admin"], rateLimitPerMinute: 1000, botNames: ["政务帮"] }, log, clock, tickets, kb, language: new LanguageRuntime(), llm: null, pusher: { push: async () => undefined } } as unknown as Deps;
  const complaints = route<Deps, string>((ctx) => ctx.state.understanding?.intent, { complaint: complaint(), maybe_complaint: maybeComplaint() });
  const pipeline = compose<Deps>(understandMessage(), officerCommands(), complainantCommands(), complaints);
  let n = 0;
  async function send(userId: string, text: string, messageId = `m${++n}`): Promise<Reply> {
    const msg: IncomingMessage = { channel: "local", messageId, userId, text, mentioned: true, receivedAt: clock.now() };
    const ctx: Context<Deps> = { msg, deps, state: {} };
    await pipeline(ctx, async () => {
      ctx.reply = textReply("other", "(passed on)");
    });
    return ctx.reply!;
  }
  return { send, clock, tickets, store: s, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
