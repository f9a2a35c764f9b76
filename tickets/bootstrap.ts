// Picks the ticket store from the environment and builds the TicketService from config/ files.
import { join, resolve } from "node:path";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { Config } from "../bot/config.ts";
import type { Logger } from "../bot/logger.ts";
import type { Clock } from "../bot/deps.ts";
import type { TicketStore } from "./store.ts";
import { FileTicketStore } from "./file-store.ts";
import { RedisTicketStore, createRedisClient } from "./redis-store.ts";
import { Journal, JournaledTicketStore } from "./journal.ts";
import { ChineseWorkCalendar } from "./calendar.ts";
import { loadTicketConfig } from "./config.ts";
import { createTicketService, type TicketService } from "./service.ts";
import { recomputeProvisional } from "./recompute.ts";

type StoreConfig = Pick<Config, "store" | "REDIS_URL" | "ZWB_REDIS_PREFIX" | "ZWB_DATA_DIR">;

/** ZWB_STORE=redis (or REDIS_URL set): Redis behind the outage journal; otherwise embedded files in ZWB_DATA_DIR. */
export async function openTicketStore(config: StoreConfig, log: Logger, now: () => Date = () => new Date()): Promise<TicketStore> {
  const dataDir = resolve(config.ZWB_DATA_DIR);
  if (config.store !== "redis" || !config.REDIS_URL) return new FileTicketStore(join(dataDir, "tickets"));
  let lastError = 0;
  const client = createRedisClient(config.REDIS_URL, (err) => {
    // A down Redis reports on every reconnect attempt; once a minute is enough to notice.
    if (Date.now() - lastError > 60_000) log.warn({ err }, "redis connection error");
    lastError = Date.now();
  });
  const store = new JournaledTicketStore(new RedisTicketStore(client, config.ZWB_REDIS_PREFIX), new Journal(join(dataDir, "journal")), log, now);
  // Starting while Redis is down is allowed: complaints go to the journal until it connects.
  const connected = client.connect().then(() => true, () => false);
  const ready = await Promise.race([connected, new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref())]);
  if (!ready) log.warn("redis not reachable at startup: complaints will be journaled until it is");
  return store;
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
      writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      log.info("created the complainant-hash key in the data folder (set ZWB_ID_SALT when several instances share Redis)");
      return secret;
    } catch {
      return readFileSync(file, "utf8").trim(); // another process made it first
    }
  }
}

export async function openTicketService(config: Config, log: Logger, clock: Clock): Promise<{ service: TicketService; store: TicketStore; close(): Promise<void> }> {
  const tc = loadTicketConfig(config.ZWB_CONFIG_DIR);
  const calendar = ChineseWorkCalendar.fromDir(join(config.ZWB_CONFIG_DIR, "calendar"), log);
  const store = await openTicketStore(config, log, () => clock.now());
  const idSalt = config.ZWB_ID_SALT ?? localSecret(resolve(config.ZWB_DATA_DIR), log);
  const service = createTicketService({ store, calendar, clock, log, ...tc, admins: config.ZWB_ADMIN_IDS, idSalt });
  // A holiday schedule added since the last start makes provisional deadlines official.
  await recomputeProvisional(store, tc.sla, calendar, log).catch((err) => log.warn({ err }, "could not recompute provisional deadlines (store unavailable); will retry at next start"));
  return { service, store, close: () => store.close() };
}
