// Open ticket deadlines due before a horizon, earliest first, page by page. On Redis this reads the
// ticket store's deadline sorted set by score range, so a pass touches only deadlines inside the
// horizon (now + the longest lead time), never the whole ticket base.
import type { TicketStore } from "../tickets/store.ts";
import type { DueDeadline } from "../tickets/types.ts";
import { RedisTicketStore } from "../tickets/redis-store.ts";
import { JournaledTicketStore } from "../tickets/journal.ts";

export type DeadlineFeed = (horizon: Date, pageSize: number) => AsyncIterable<DueDeadline[]>;

function redisOf(store: TicketStore): RedisTicketStore | null {
  if (store instanceof RedisTicketStore) return store;
  if (store instanceof JournaledTicketStore) return store.redis;
  return null;
}

export function ticketDeadlineFeed(store: TicketStore): DeadlineFeed {
  const redis = redisOf(store);
  if (redis) {
    return async function* (horizon, pageSize) {
      if (!redis.client.isReady) return; // Redis down: nothing to remind from; the next pass catches up
      for (let offset = 0; ; offset += pageSize) {
        const rows = await redis.client.zRangeWithScores(`${redis.prefix}due`, "-inf", `(${horizon.getTime()}`, { BY: "SCORE", LIMIT: { offset, count: pageSize } });
        if (rows.length) {
          yield rows.map((r) => {
            const [ticketId, kind, round] = r.value.split("|");
            return { ticketId, kind, round: Number(round), dueAt: new Date(r.score).toISOString() };
          });
        }
        if (rows.length < pageSize) return;
      }
    };
  }
  // The embedded store holds everything in memory already; its dueBefore is the whole answer.
  return async function* (horizon) {
    const all = await store.dueBefore(horizon, Number.MAX_SAFE_INTEGER);
    if (all.length) yield all;
  };
}
