// Tickets for the composition root: the store (Redis behind the outage journal, or the embedded
// store in ZWB_DATA_DIR) and the TicketService over config/ files.
import { join, resolve } from "node:path";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { Logger } from "../../core/log.ts";
import type { Clock } from "../../core/clock.ts";
import type { TicketStore } from "../../tickets/store.ts";
import { FileTicketStore } from "../../tickets/file-store.ts";
import { RedisTicketStore, type RedisClient } from "../../tickets/redis-store.ts";
import { Journal, JournaledTicketStore } from "../../tickets/journal.ts";
import { ChineseWorkCalendar, type WorkCalendar } from "../../tickets/calendar.ts";
import { loadTicketConfig } from "../../tickets/config.ts";
import { createTicketService, type TicketService } from "../../tickets/service.ts";
import { AttachmentStore } from "../../tickets/attachments.ts";
import { recomputeProvisional } from "../../tickets/recompute.ts";

export interface TicketStoreOptions {
  dataDir: string;
  /** Set when tickets live in Redis; absent: the embedded store. */
  redis?: { client: RedisClient; prefix: string } | null;
}

export function openTicketStore(o: TicketStoreOptions, log: Logger, now: () => Date = () => new Date()): TicketStore {
  const dataDir = resolve(o.dataDir);
  if (!o.redis) return new FileTicketStore(join(dataDir, "tickets"));
  return new JournaledTicketStore(new RedisTicketStore(o.redis.client, o.redis.prefix), new Journal(join(dataDir, "journal")), log, now);
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
