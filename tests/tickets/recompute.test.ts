// Deadlines counted before the 2027 holiday schedule was known are recounted once it is added.
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteTicketStore } from "../../tickets/sqlite-store.ts";
import { ChineseWorkCalendar } from "../../tickets/calendar.ts";
import { createTicketService } from "../../tickets/service.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import { recomputeProvisional } from "../../tickets/recompute.ts";
import { ManualClock } from "../../core/clock.ts";
import { silentLogger } from "../../core/log.ts";
import { CONFIG_DIR } from "../handlers/complaint-helpers.ts";

describe("provisional deadlines", () => {
  it("are recounted on the official schedule once it is added, and the change is in the history", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zwb-recompute-"));
    try {
      const store = SqliteTicketStore.open(dir);
      const log = silentLogger();
      const tc = loadTicketConfig(CONFIG_DIR);
      // 2027-01-04 (Monday): the package has no 2027 data, so 2027 counts weekends only.
      const clock = new ManualClock(new Date("2027-01-04T10:00:00+08:00"));
      const before = createTicketService({ store, calendar: new ChineseWorkCalendar([], log), clock, log, ...tc, admins: [] });
      const { ticket } = await before.createFromComplaint({ channel: "local", messageId: "m1", userId: "qiye", text: "我要投诉，窗口推诿，让我来回跑了三趟", mentioned: true, receivedAt: clock.now() });
      const accept = ticket.deadlines.find((d) => d.kind === "accept")!;
      expect(accept.provisional).toBe(true);
      expect(accept.dueAt).toBe("2027-01-07T15:59:59.999Z"); // Thursday, three weekdays later

      // The administrator adds 2027 with a (made-up) holiday on 5–6 January.
      const official = new ChineseWorkCalendar([{ year: 2027, holidays: ["2027-01-05", "2027-01-06"], workdays: [] }], log);
      expect(await recomputeProvisional(store, tc.sla, official, log)).toBe(1);
      const after = (await store.get(ticket.id))!;
      const recounted = after.deadlines.find((d) => d.kind === "accept")!;
      expect(recounted.provisional).toBe(false);
      expect(recounted.dueAt).toBe("2027-01-11T15:59:59.999Z"); // 7, 8, 11 January
      const last = (await store.history(ticket.id)).at(-1)!;
      expect(last.type).toBe("recalculated");
      expect(last.note).toContain("2027年1月11日");
      // Nothing provisional left: a second run changes nothing.
      expect(await recomputeProvisional(store, tc.sla, official, log)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
