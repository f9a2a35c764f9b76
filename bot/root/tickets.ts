// Tickets for the composition root: the data folder's database, the store (Redis behind the outage
// journal, or the embedded SQLite store in ZWB_DATA_DIR) and the TicketService over config/ files.
import { join, resolve } from "node:path";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { Logger } from "../../core/log.ts";
import type { Clock } from "../../core/clock.ts";
import type { TicketStore } from "../../tickets/store.ts";
import { SqliteTicketStore } from "../../tickets/sqlite-store.ts";
import { RedisTicketStore, type RedisClient } from "../../tickets/redis-store.ts";
import { Journal } from "../../tickets/journal.ts";
import { JournaledTicketStore } from "../../tickets/journaled-store.ts";
import { RedisHealth } from "../../tickets/redis-health.ts";
import { openDatabase, type Db } from "../../tickets/db.ts";
import { migrateTicketFiles } from "../../tickets/migrate.ts";
import { ChineseWorkCalendar, type WorkCalendar } from "../../tickets/calendar.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import { createTicketService, type TicketService } from "../../tickets/service.ts";
import { AttachmentStore } from "../../tickets/attachments.ts";
import { recomputeProvisional } from "../../tickets/recompute.ts";

/** The data folder's database, with the old embedded files imported on first start. */
export function openDataDb(dataDir: string, log: Logger): Db {
  const dir = resolve(dataDir);
  const db = openDatabase(dir);
  migrateTicketFiles(db, dir, log);
  return db;
}

export interface TicketStoreOptions {
  db: Db;
  /** Set when tickets live in Redis; absent: the embedded store. */
  redis?: { client: RedisClient; prefix: string; health?: RedisHealth } | null;
  /** How long a create waits for Redis before journaling (the command timeout). */
  waitMs?: number;
  /** How often waiting journal records are retried while Redis is up but refusing writes (ms). */
  retryEveryMs?: number;
}

/** The journaled store replays only once its owner calls startReplay() (the bot, after wiring the
 * officers' notices); one-shot CLI commands never do. */
export function openTicketStore(o: TicketStoreOptions, log: Logger, now: () => Date = () => new Date()): TicketStore {
  if (!o.redis) return new SqliteTicketStore(o.db);
  const { client, prefix } = o.redis;
  const own = o.redis.health ? null : new RedisHealth(client, `${prefix}health`, log);
  const store = new JournaledTicketStore(new RedisTicketStore(client, prefix), new Journal(o.db), o.redis.health ?? own!, log, now, { waitMs: o.waitMs, retryEveryMs: o.retryEveryMs });
  if (!own) return store;
  const close = store.close.bind(store);
  return Object.assign(store, { close: async () => (own.stop(), close()) });
}

/**
 * A random key kept in the data folder, made on first start: instances sharing one Redis must share
 * ZWB_ID_SALT instead, or an anonymous complainant could not query from another instance.
 */
function localSecret(dataDir: string, log: Logger): string {
  const file = join(dataDir, "id-salt.key");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString("hex");
    try {
      // Exclusive create, not write-and-rename: two processes starting at once must agree on one key.
      writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      log.info("created the complainant-hash key in the data folder (set ZWB_ID_SALT when several instances share Redis)");
      return secret;
    } catch {
      return readFileSync(file, "utf8").trim(); // another process made it first
    }
  }
}

export interface TicketsOptions {
  configDir: string;
  dataDir: string;
  admins: readonly string[];
  idSalt?: string;
  /** Largest attachment kept for a ticket (ZWB_ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes?: number;
}

export async function openTickets(o: TicketsOptions, store: TicketStore, log: Logger, clock: Clock): Promise<{ service: TicketService; calendar: WorkCalendar; idSalt: string }> {
  const tc = loadTicketConfig(o.configDir);
  const calendar = ChineseWorkCalendar.fromDir(join(o.configDir, "calendar"), log);
  const idSalt = o.idSalt ?? localSecret(resolve(o.dataDir), log);
  const attachments = new AttachmentStore({ dir: join(resolve(o.dataDir), "attachments"), maxBytes: o.attachmentMaxBytes ?? 10 * 1024 * 1024, now: () => clock.now() });
  const service = createTicketService({ store, calendar, clock, log, ...tc, admins: [...o.admins], idSalt, attachments });
  // A holiday schedule added since the last start makes provisional deadlines official.
  await recomputeProvisional(store, tc.sla, calendar, log).catch((err) => log.warn({ err }, "could not recompute provisional deadlines (store unavailable); will retry at next start"));
  return { service, calendar, idSalt };
}
