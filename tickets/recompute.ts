// Deadlines counted while a year's official holiday schedule was missing are provisional (weekends
// only). Once an administrator adds config/calendar/<year>.json, the unmet ones are counted again.
import type { Logger } from "../core/log.ts";
import type { TicketStore } from "./store.ts";
import type { SlaConfig } from "./config.ts";
import type { Deadline, Ticket, TicketEvent } from "./types.ts";
import { type WorkCalendar } from "./calendar.ts";
import { shanghaiDay } from "../core/time.ts";
import { computeDeadlines, formatDay } from "./sla.ts";

/** When the clock of `d` started: creation, the n-th reopening, the first reply or the resolution. */
function clockStart(t: Ticket, d: Deadline, from: string, history: TicketEvent[]): Date | null {
  const at = (type: TicketEvent["type"], nth: number) => history.filter((e) => e.type === type)[nth]?.at;
  if (from === "created") return new Date(d.round === 1 ? t.createdAt : (at("reopened", d.round - 2) ?? t.createdAt));
  if (from === "replied") return at("replied", 0) ? new Date(at("replied", 0)!) : null;
  const resolved = history.filter((e) => e.type === "resolved").at(-1)?.at;
  return resolved ? new Date(resolved) : null;
}

export async function recomputeProvisional(store: TicketStore, sla: SlaConfig, calendar: WorkCalendar, log: Logger): Promise<number> {
  const open = await store.list({ status: ["open", "accepted", "replied", "resolved", "reopened"] });
  let changed = 0;
  for (const t of open) {
    const stale = t.deadlines.filter((d) => d.provisional && !d.metAt && calendar.coverage(Number(shanghaiDay(new Date(d.dueAt)).slice(0, 4))) === "official");
    if (!stale.length) continue;
    const history = await store.history(t.id);
    const moved: string[] = [];
    const next = t.deadlines.map((d) => {
      if (!stale.includes(d)) return d;
      const rule = sla.deadlines.find((c) => c.kind === d.kind);
      const start = rule && clockStart(t, d, rule.from, history);
      const fresh = start && computeDeadlines(sla, calendar, start, rule.from, d.round, [d.kind])[0];
      if (!fresh) return d;
      if (fresh.dueAt !== d.dueAt) moved.push(`${rule.label}:${formatDay(d.dueAt)} → ${formatDay(fresh.dueAt)}`);
      return { ...d, dueAt: fresh.dueAt, provisional: fresh.provisional };
    });
    await store.update(t.id, (x) => ({
      ticket: { ...x, deadlines: next },
      event: { type: "recalculated", by: "system", note: moved.length ? `节假日安排公布后重算期限:${moved.join(";")}` : "节假日安排公布后确认期限" },
    }));
    changed++;
  }
  if (changed) log.info({ tickets: changed }, "provisional deadlines recomputed on the official holiday schedule");
  return changed;
}
