// The Redis TicketStore: a hash per ticket, sorted sets by creation and by open deadline (what the
// reminder scheduler polls), sets per status and unit, and a stream per ticket as its audit log.
import { randomUUID } from "node:crypto";
import type { Ticket, TicketEvent, NewTicket, DueDeadline } from "./types.ts";
import {
  type TicketStore, type ListQuery, type Mutation, type CreateOptions,
  TicketNotFoundError, StoreUnavailableError, seqDay, matches, openDeadlines, TICKET_PREFIX, materialize,
} from "./store.ts";
import { isUnavailable } from "./redis-errors.ts";

import type { RedisClient } from "./redis-client.ts";

export type { RedisClient };

// Allocates the number and writes every key of a new ticket in one step, so a crash or a concurrent
// duplicate delivery can never see a number without its ticket.
// ARGV[5], when set, is the last instant (ms) the caller still waits for the answer: a script that
// runs later (queued behind a frozen Redis) writes nothing, so a complaint the caller has meanwhile
// journaled cannot also appear under a second number.
const CREATE_LUA = `
local existing = redis.call('GET', KEYS[1])
if existing then return {0, existing} end
if ARGV[5] ~= '' then
  local t = redis.call('TIME')
  if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[5]) then return {-1, ''} end
end
local p = ARGV[1]
local id = ARGV[2]
if id == '' or redis.call('EXISTS', p .. 't:' .. id) == 1 then
  id = ARGV[3] .. string.format('%04d', redis.call('INCR', KEYS[2]))
end
redis.call('SET', KEYS[1], id)
redis.call('HSET', p .. 't:' .. id, 'id', id, 'status', 'open', 'unit', ARGV[6], 'version', '1', 'json', ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[7], id)
redis.call('SADD', KEYS[5], id)
redis.call('SADD', KEYS[6], id)
-- Events come as groups of four (at, type, by, note) after the count in ARGV[8].
local nev = tonumber(ARGV[8])
local i = 9
for _ = 1, nev do
  redis.call('XADD', p .. 't:' .. id .. ':log', '*', 'at', ARGV[i], 'type', ARGV[i + 1], 'by', ARGV[i + 2], 'note', ARGV[i + 3])
  i = i + 4
end
-- One ZADD for all deadlines: score, member pairs.
local dues = {}
while ARGV[i] do
  dues[#dues + 1] = ARGV[i + 1]
  dues[#dues + 1] = id .. '|' .. ARGV[i]
  i = i + 2
end
if #dues > 0 then redis.call('ZADD', KEYS[4], unpack(dues)) end
return {1, id}
`;

const UNLOCK_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

function dueMember(d: { kind: string; round: number }): string {
  return `${d.kind}|${d.round}`;
}

/** A member of the deadline sorted set, "ticketId|kind|round" scored by the due time. */
function parseDueMember(member: string, score: number): DueDeadline {
  const [ticketId, kind, round] = member.split("|");
  return { ticketId, kind, round: Number(round), dueAt: new Date(score).toISOString() };
}

export class RedisTicketStore implements TicketStore {
  readonly kind = "redis" as const;

  constructor(readonly client: RedisClient, readonly prefix = "zwb:") {}

  private readonly shas = new Map<string, string>();

  /** EVALSHA with the script loaded once; a Redis that lost its script cache gets it again. */
  private async evalCached(script: string, opts: { keys: string[]; arguments: string[] }): Promise<unknown> {
    let sha = this.shas.get(script);
    if (!sha) this.shas.set(script, (sha = await this.client.scriptLoad(script)));
    try {
      return await this.client.evalSha(sha, opts);
    } catch (err) {
      if (!String((err as Error).message).includes("NOSCRIPT")) throw err;
      this.shas.delete(script);
      return this.client.eval(script, opts);
    }
  }

  private k(...parts: string[]): string {
    return this.prefix + parts.join(":");
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.client.isReady) throw new StoreUnavailableError("Redis is not connected");
    try {
      return await fn();
    } catch (e) {
      if (e instanceof TicketNotFoundError) throw e;
      const msg = (e as Error).message || (e as Error).name || String(e);
      // Replies from the server such as WRONGTYPE or a script error are bugs; socket trouble, a
      // timeout, LOADING, OOM, READONLY are an outage of the store.
      if (!this.client.isReady || isUnavailable(e)) throw new StoreUnavailableError(`Redis unavailable: ${msg}`, e);
      throw e;
    }
  }

  async create(t: NewTicket, opts: CreateOptions = {}): Promise<{ ticket: Ticket; created: boolean }> {
    return this.guard(async () => {
      const day = seqDay(t.createdAt);
      const events: TicketEvent[] = opts.events?.length ? opts.events : [{ at: t.createdAt, type: "created", by: "system" }];
      const dues = openDeadlines({ ...t, id: "" } as Ticket).flatMap((d) => [dueMember(d), String(Date.parse(d.dueAt))]);
      const r = (await this.evalCached(CREATE_LUA, {
        keys: [this.k("dedupe", t.dedupeKey), this.k("seq", day), this.k("all"), this.k("due"), this.k("status", "open"), this.k("unit", t.unit)],
        arguments: [
          this.prefix, opts.id ?? "", `${TICKET_PREFIX}${day}-`, JSON.stringify(t), opts.notAfter ? String(opts.notAfter) : "", t.unit, String(Date.parse(t.createdAt)),
          String(events.length), ...events.flatMap((e) => [e.at, e.type, e.by, e.note ?? ""]),
          ...dues,
        ],
      })) as [number, string];
      if (r[0] === -1) throw new StoreUnavailableError("Redis answered after the caller's deadline; nothing was written");
      // A new ticket is exactly what the script wrote: no second round trip to read it back.
      if (r[0] === 1) return { ticket: materialize(t, r[1]), created: true };
      const ticket = await this.get(r[1]);
      if (!ticket) throw new Error(`ticket ${r[1]} vanished after create`);
      return { ticket, created: false };
    });
  }

  /** The final number a journal number was stored under, when the two differ. */
  async aliasOf(id: string): Promise<string | null> {
    return this.guard(() => this.client.get(this.k("alias", id)));
  }

  async setAlias(id: string, finalId: string): Promise<void> {
    await this.guard(() => this.client.set(this.k("alias", id), finalId));
  }

  private parse(h: Record<string, string>): Ticket | null {
    if (!h || !h.json) return null;
    const base = JSON.parse(h.json) as Ticket;
    return { ...base, id: h.id, status: h.status as Ticket["status"], unit: h.unit, version: Number(h.version), updatedAt: base.updatedAt ?? base.createdAt, replies: base.replies ?? [], supplements: base.supplements ?? [] };
  }

  async get(id: string): Promise<Ticket | null> {
    return this.guard(async () => this.parse((await this.client.hGetAll(this.k("t", id))) as Record<string, string>));
  }

  async list(q: ListQuery = {}): Promise<Ticket[]> {
    return this.guard(async () => {
      let ids: string[];
      if (q.overdueAt) {
        const members = await this.client.zRange(this.k("due"), "-inf", `(${q.overdueAt.getTime()}`, { BY: "SCORE" });
        ids = [...new Set(members.map((m) => m.split("|")[0]))];
      } else if (q.unit) ids = await this.client.sMembers(this.k("unit", q.unit));
      else if (q.status) ids = await this.client.sUnion((Array.isArray(q.status) ? q.status : [q.status]).map((s) => this.k("status", s)));
      else ids = await this.client.zRange(this.k("all"), 0, -1);
      const all = await Promise.all(ids.map((id) => this.get(id)));
      const out = all.filter((t): t is Ticket => t !== null && matches(t, q)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      return q.limit ? out.slice(0, q.limit) : out;
    });
  }

  async history(id: string): Promise<TicketEvent[]> {
    return this.guard(async () => {
      const entries = await this.client.xRange(this.k("t", id, "log"), "-", "+");
      return (entries ?? []).map((e) => {
        const m = e.message as Record<string, string>;
        const ev: TicketEvent = { at: m.at, type: m.type as TicketEvent["type"], by: m.by };
        if (m.note) ev.note = m.note;
        return ev;
      });
    });
  }

  private async lock(id: string): Promise<string> {
    const token = randomUUID();
    for (let i = 0, wait = 5; i < 200; i++, wait = Math.min(wait * 2, 50)) {
      if ((await this.client.set(this.k("lock", id), token, { NX: true, PX: 5000 })) === "OK") return token;
      await new Promise((r) => setTimeout(r, wait));
    }
    throw new Error(`ticket ${id} is locked by another writer`);
  }

  async update(id: string, mutate: Mutation): Promise<Ticket> {
    return this.guard(async () => {
      const token = await this.lock(id);
      try {
        const cur = await this.get(id);
        if (!cur) throw new TicketNotFoundError(id);
        const r = mutate(structuredClone(cur));
        if (!r) return cur;
        const at = r.event.at ?? new Date().toISOString();
        const next: Ticket = { ...r.ticket, id, version: cur.version + 1, updatedAt: at };
        const m = this.client.multi();
        m.hSet(this.k("t", id), { status: next.status, unit: next.unit, version: String(next.version), json: JSON.stringify(next) });
        if (cur.status !== next.status) {
          m.sRem(this.k("status", cur.status), id);
          m.sAdd(this.k("status", next.status), id);
        }
        if (cur.unit !== next.unit) {
          m.sRem(this.k("unit", cur.unit), id);
          m.sAdd(this.k("unit", next.unit), id);
        }
        const before = new Set(openDeadlines(cur).map((d) => `${id}|${dueMember(d)}`));
        const after = openDeadlines(next);
        for (const d of after) {
          const member = `${id}|${dueMember(d)}`;
          if (!before.delete(member)) m.zAdd(this.k("due"), { score: Date.parse(d.dueAt), value: member });
        }
        for (const gone of before) m.zRem(this.k("due"), gone);
        m.xAdd(this.k("t", id, "log"), "*", { at, type: r.event.type, by: r.event.by, note: r.event.note ?? "" });
        await m.exec();
        return next;
      } finally {
        await this.client.eval(UNLOCK_LUA, { keys: [this.k("lock", id)], arguments: [token] }).catch(() => undefined);
      }
    });
  }

  async dueBefore(t: Date, limit: number): Promise<DueDeadline[]> {
    return this.guard(async () => {
      const rows = await this.client.zRangeWithScores(this.k("due"), "-inf", `(${t.getTime()}`, { BY: "SCORE", LIMIT: { offset: 0, count: limit } });
      return rows.map((r) => parseDueMember(r.value, r.score));
    });
  }

  /** Reads the deadline sorted set by score range: a pass touches only deadlines inside the horizon. */
  async *deadlineFeed(horizon: Date, pageSize: number): AsyncIterable<DueDeadline[]> {
    if (!this.client.isReady) return;
    for (let offset = 0; ; offset += pageSize) {
      const rows = await this.client.zRangeWithScores(this.k("due"), "-inf", `(${horizon.getTime()}`, { BY: "SCORE", LIMIT: { offset, count: pageSize } });
      if (rows.length) yield rows.map((r) => parseDueMember(r.value, r.score));
      if (rows.length < pageSize) return;
    }
  }

  /** The client is shared (reminder state, audit, sync) and closed by whoever created it. */
  async close(): Promise<void> {}
}
