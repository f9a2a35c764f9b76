// One contract for every TicketStore adapter: the Redis and the embedded store must behave alike.
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import type { TicketStore } from "../../tickets/store.ts";
import { TicketNotFoundError, TICKET_ID_RE } from "../../tickets/store.ts";
import type { NewTicket, Deadline } from "../../tickets/types.ts";

export interface StoreHarness {
  /** A fresh, empty store. */
  open(): Promise<TicketStore>;
  /** A second handle on the same data, as another process would have. */
  reopen(): Promise<TicketStore>;
  cleanup(): Promise<void>;
}

let n = 0;
export function newTicket(over: Partial<NewTicket> = {}): NewTicket {
  n++;
  const createdAt = over.createdAt ?? "2025-11-25T02:00:00.000Z";
  const deadlines: Deadline[] = over.deadlines ?? [
    { kind: "accept", round: 1, dueAt: "2025-11-28T15:59:59.999Z", rule: "r1", provisional: false, stopsOn: "accept" },
    { kind: "reply", round: 1, dueAt: "2025-12-16T15:59:59.999Z", rule: "r2", provisional: false, stopsOn: "reply" },
  ];
  return {
    dedupeKey: `local:m${n}-${Math.random()}`,
    category: "窗口服务",
    unit: "行政审批局",
    priority: "normal",
    verifyAll: false,
    realName: false,
    anonymous: false,
    text: "窗口态度差",
    complainant: { channel: "local", userId: "u1" },
    ownerHash: "h",
    createdAt,
    deadlines,
    ...over,
  };
}

export function storeContract(name: string, h: StoreHarness): void {
  describe(`TicketStore contract: ${name}`, () => {
    let store: TicketStore;
    beforeEach(async () => {
      store = await h.open();
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it("creates readable ids, one sequence per Shanghai day", async () => {
      const a = await store.create(newTicket());
      const b = await store.create(newTicket());
      // 2025-11-25T17:00Z is already 26 Nov in Shanghai
      const c = await store.create(newTicket({ createdAt: "2025-11-25T17:00:00.000Z" }));
      expect(a.created).toBe(true);
      expect(a.ticket.id).toBe("TS20251125-0001");
      expect(b.ticket.id).toBe("TS20251125-0002");
      expect(c.ticket.id).toBe("TS20251126-0001");
      expect(a.ticket.id).toMatch(TICKET_ID_RE);
      expect(a.ticket.status).toBe("open");
      expect(a.ticket.version).toBe(1);
      const got = await store.get(a.ticket.id);
      expect(got?.text).toBe("窗口态度差");
      expect(got?.complainant).toEqual({ channel: "local", userId: "u1" });
      expect(await store.get("TS20990101-0001")).toBeNull();
    });

    it("is idempotent on the dedupe key", async () => {
      const t = newTicket({ dedupeKey: "wechat:msg-42" });
      const [x, y] = await Promise.all([store.create(t), store.create({ ...t })]);
      expect([x.created, y.created].sort()).toEqual([false, true]);
      expect(x.ticket.id).toBe(y.ticket.id);
      const again = await store.create({ ...t, text: "重发" });
      expect(again.created).toBe(false);
      expect(again.ticket.text).toBe("窗口态度差");
      expect(await store.list()).toHaveLength(1);
    });

    it("never hands out the same number to concurrent creates", async () => {
      const rs = await Promise.all(Array.from({ length: 12 }, () => store.create(newTicket())));
      const ids = rs.map((r) => r.ticket.id);
      expect(new Set(ids).size).toBe(12);
    });

    it("keeps a preset id (journal replay) and its history", async () => {
      const r = await store.create(newTicket(), {
        id: "TS20251125-J0001",
        events: [
          { at: "2025-11-25T02:00:00.000Z", type: "created", by: "system" },
          { at: "2025-11-25T03:00:00.000Z", type: "replayed", by: "system", note: "journal" },
        ],
      });
      expect(r.ticket.id).toBe("TS20251125-J0001");
      expect((await store.history(r.ticket.id)).map((e) => e.type)).toEqual(["created", "replayed"]);
    });

    it("updates with an event, appends history, filters lists", async () => {
      const a = (await store.create(newTicket())).ticket;
      const b = (await store.create(newTicket({ unit: "住建局", category: "市政公用报装" }))).ticket;
      const up = await store.update(a.id, (t) => ({
        ticket: { ...t, status: "accepted", deadlines: t.deadlines.map((d) => (d.kind === "accept" ? { ...d, metAt: "2025-11-26T01:00:00.000Z" } : d)) },
        event: { type: "accepted", by: "local:officer1", at: "2025-11-26T01:00:00.000Z" },
      }));
      expect(up.status).toBe("accepted");
      expect(up.version).toBe(2);
      expect(up.updatedAt).toBe("2025-11-26T01:00:00.000Z");
      const hist = await store.history(a.id);
      expect(hist.map((e) => e.type)).toEqual(["created", "accepted"]);
      expect(hist[1].by).toBe("local:officer1");
      expect((await store.list({ status: "open" })).map((t) => t.id)).toEqual([b.id]);
      expect((await store.list({ status: ["open", "accepted"] })).map((t) => t.id)).toEqual([a.id, b.id]);
      expect((await store.list({ unit: "住建局" })).map((t) => t.id)).toEqual([b.id]);
      expect((await store.list({ unit: "行政审批局", status: "open" })).map((t) => t.id)).toEqual([]);
      // b's accept clock (28 Nov) is overdue on 1 Dec; a's is met and its reply clock is not due yet
      expect((await store.list({ overdueAt: new Date("2025-12-01T00:00:00Z") })).map((t) => t.id)).toEqual([b.id]);
      const moved = await store.update(b.id, (t) => ({ ticket: { ...t, unit: "营商环境建设局" }, event: { type: "transferred", by: "x" } }));
      expect(moved.unit).toBe("营商环境建设局");
      expect((await store.list({ unit: "住建局" }))).toHaveLength(0);
      expect((await store.list({ unit: "营商环境建设局" })).map((t) => t.id)).toEqual([b.id]);
      await expect(store.update("TS20990101-0001", (t) => ({ ticket: t, event: { type: "accepted", by: "x" } }))).rejects.toBeInstanceOf(TicketNotFoundError);
    });

    it("serializes concurrent updates of one ticket", async () => {
      const a = (await store.create(newTicket())).ticket;
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.update(a.id, (t) => ({ ticket: { ...t, supplements: [...t.supplements, { at: "x", text: `s${i}` }] }, event: { type: "supplemented", by: "u" } })),
        ),
      );
      const t = await store.get(a.id);
      expect(t?.supplements).toHaveLength(8);
      expect(t?.version).toBe(9);
    });

    it("lists open deadlines due before a time, earliest first, dropping met ones", async () => {
      const a = (await store.create(newTicket())).ticket;
      const b = (await store.create(newTicket({ deadlines: [{ kind: "accept", round: 1, dueAt: "2025-11-27T15:59:59.999Z", rule: "r", provisional: false, stopsOn: "accept" }] }))).ticket;
      let due = await store.dueBefore(new Date("2025-12-31T00:00:00Z"), 10);
      expect(due.map((d) => `${d.ticketId}/${d.kind}`)).toEqual([`${b.id}/accept`, `${a.id}/accept`, `${a.id}/reply`]);
      expect(due[0].dueAt).toBe("2025-11-27T15:59:59.999Z");
      expect(await store.dueBefore(new Date("2025-11-28T00:00:00Z"), 10)).toHaveLength(1);
      expect(await store.dueBefore(new Date("2025-12-31T00:00:00Z"), 2)).toHaveLength(2);
      await store.update(a.id, (t) => ({ ticket: { ...t, deadlines: t.deadlines.map((d) => (d.kind === "accept" ? { ...d, metAt: "2025-11-26T00:00:00.000Z" } : d)) }, event: { type: "accepted", by: "o" } }));
      due = await store.dueBefore(new Date("2025-12-31T00:00:00Z"), 10);
      expect(due.map((d) => `${d.ticketId}/${d.kind}`)).toEqual([`${b.id}/accept`, `${a.id}/reply`]);
    });

    it("is seen by a second handle on the same data", async () => {
      const a = (await store.create(newTicket({ dedupeKey: "local:shared" }))).ticket;
      const other = await h.reopen();
      expect((await other.get(a.id))?.id).toBe(a.id);
      const b = await other.create(newTicket());
      expect(b.ticket.id).not.toBe(a.id);
      expect((await other.create(newTicket({ dedupeKey: "local:shared" }))).created).toBe(false);
      await other.update(a.id, (t) => ({ ticket: { ...t, status: "accepted" }, event: { type: "accepted", by: "o" } }));
      expect((await store.get(a.id))?.status).toBe("accepted");
      expect((await store.get(b.ticket.id))?.id).toBe(b.ticket.id);
    });
  });
}
