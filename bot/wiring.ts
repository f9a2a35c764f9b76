// Builds the real Deps from the parsed config: the only place that picks adapters.
import type { Config } from "./config.ts";
import { systemClock, type Clock, type Deps } from "./deps.ts";
import type { Logger } from "./logger.ts";
import { KnowledgeService } from "../knowledge/service.ts";
import { createLlm } from "../knowledge/answer/llm.ts";
import { createEmbeddings } from "../knowledge/search/vectors.ts";
import { resolve } from "node:path";
import { openTicketService } from "../tickets/bootstrap.ts";
import { ChannelPusher, LocalOutbox } from "../reminders/pusher.ts";
import { startAdmin, type AdminSide } from "./admin/setup.ts";
import { openReminders, type Reminders } from "../reminders/bootstrap.ts";

export interface Wired {
  deps: Deps;
  outbox: LocalOutbox;
  pusher: ChannelPusher;
  /** Audit log and cross-instance KB sync (kbSync null without Redis). */
  admin: AdminSide;
  /** Deadline reminders and policy tasks; main.ts starts reminders.scheduler. */
  reminders: Reminders;
  close(): Promise<void>;
}

export async function wire(config: Config, log: Logger, clock: Clock = systemClock): Promise<Wired> {
  const kb = new KnowledgeService(config.ZWB_KB_DIR, log, {
    embeddings: createEmbeddings(config),
    embeddingsCacheFile: resolve(config.ZWB_DATA_DIR, "embeddings.json"),
  });
  const report = await kb.reload();
  if (!report.ok) {
    const first = report.errors[0];
    throw new Error(`知识库加载失败: ${first?.file}${first?.line ? `:${first.line}` : ""} ${first?.message ?? ""}`);
  }
  const outbox = new LocalOutbox(() => clock.now());
  const pusher = new ChannelPusher();
  pusher.register("local", outbox);
  pusher.register("http", outbox);
  const tickets = await openTicketService(config, log, clock);
  const llm = createLlm(config, log);
  const admin = await startAdmin(config, log, kb);
  const deps: Deps = { config, log, clock, kb, llm, tickets: tickets.service, pusher, audit: admin.audit };
  const reminders = openReminders({ config, log, clock, tickets: tickets.service, kb, pusher });
  deps.requeue = (to, text, err) => reminders.scheduler.queueRelay(to, text, err);
  return {
    deps,
    outbox,
    pusher,
    admin,
    reminders,
    async close() {
      await reminders.close();
      await admin.close();
      await tickets.close();
    },
  };
}
