// Rule files saved in the console apply at once on every instance: the saving instance publishes the
// file's name on `${prefix}config:reload`; every other instance re-reads that file from its own
// ZWB_CONFIG_DIR, checks it with the same schemas and cross-checks as a save, and applies it (the
// ticket service's routing/SLA/directory, the reminder rules). A file that fails there is logged and
// the instance keeps its rules.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../core/log.ts";
import type { RedisClient } from "../../tickets/redis-store.ts";
import { CONFIG_FILES, REMINDERS_FILE, checkConfigEdit, checkReminderEdit, isConfigFile, type ConfigFileName } from "./config-files.ts";
import type { TicketService } from "../../tickets/service.ts";
import type { ReminderRules } from "../../reminders/rules.ts";

export const configChannel = (prefix: string) => `${prefix}config:reload`;

export interface ConfigTargets {
  configDir: string;
  tickets: TicketService;
  applyReminderRules(rules: ReminderRules): string[];
}

export class ConfigSync {
  readonly instanceId = randomUUID();
  private subscriber: RedisClient | null = null;
  /** Applied from another instance's message: name and whether it passed here. */
  lastApplied: { file: string; ok: boolean; at: string } | null = null;

  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
    private readonly targets: ConfigTargets,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const sub = this.client.duplicate({ disableOfflineQueue: false }) as RedisClient;
    sub.on("error", (err: Error) => this.log.warn({ err }, "config sync subscriber error"));
    this.subscriber = sub;
    await sub.connect();
    await sub.subscribe(configChannel(this.prefix), (raw: string) => {
      this.onMessage(raw).catch((err) => this.log.warn({ err }, "rule file from another instance could not be applied"));
    });
  }

  /** Tells the other instances that `file` changed. */
  async publish(file: ConfigFileName): Promise<number> {
    return this.client.publish(configChannel(this.prefix), JSON.stringify({ file, from: this.instanceId }));
  }

  /** Re-reads one file and applies it here; returns the problems, if any. */
  async apply(file: ConfigFileName): Promise<string[]> {
    const { configDir, tickets } = this.targets;
    const content = await readFile(join(configDir, file), "utf8");
    if (file === REMINDERS_FILE) {
      const r = checkReminderEdit(content);
      if (!r.ok) return r.issues.map((i) => `${i.label || i.field}：${i.message}`);
      return this.targets.applyReminderRules(r.rules);
    }
    const r = await checkConfigEdit(configDir, file as keyof typeof CONFIG_FILES, content);
    if (!r.ok) return r.issues.map((i) => `${i.file} ${i.label || i.field}：${i.message}`);
    tickets.applyConfig(r.config);
    return [];
  }

  private async onMessage(raw: string): Promise<void> {
    let msg: { file?: string; from?: string };
    try {
      msg = JSON.parse(raw);
    } catch {
      return;
    }
    if (msg.from === this.instanceId || !msg.file || !isConfigFile(msg.file)) return;
    const problems = await this.apply(msg.file);
    this.lastApplied = { file: msg.file, ok: problems.length === 0, at: new Date().toISOString() };
    if (problems.length) this.log.warn({ file: msg.file, problems }, "rule file saved on another instance fails here; keeping the current rules");
    else this.log.info({ file: msg.file }, "rule file saved on another instance applied");
  }

  async stop(): Promise<void> {
    const sub = this.subscriber;
    this.subscriber = null;
    if (sub?.isOpen) await sub.close().catch(() => sub.destroy());
  }
}
