// Outgoing WeChat traffic: rendering a Reply into message texts, and a paced queue that outlives
// logouts. Personal accounts driven by a bot get restricted when they send at machine speed, so
// every send waits a minimum interval plus jitter; sends made while logged out wait for the next
// login (and, with a file, for the next process).
import { readFileSync, existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import type { Reply } from "../../../core/message.ts";
import type { Logger } from "../../../core/log.ts";
import { PushError } from "../../../core/delivery.ts";
import { writeFileAtomicSync } from "../../../core/fs.ts";

/** WeChat accepts longer texts, but long ones fold badly on phones and some puppets cut near 2048. */
export const DEFAULT_MAX_CHARS = 1800;

/** Splits at line breaks where possible; numbers the parts so readers know more follows. */
export function splitText(text: string, maxChars = DEFAULT_MAX_CHARS): string[] {
  if (text.length <= maxChars) return [text];
  const budget = Math.max(20, maxChars - 10); // room for the "（1/3）" marker
  const parts: string[] = [];
  let cur = "";
  const flush = () => {
    if (cur) parts.push(cur);
    cur = "";
  };
  for (const line of text.split("\n")) {
    let rest = line;
    while (rest.length > budget) {
      flush();
      // Never between the two halves of an emoji.
      const hi = rest.charCodeAt(budget - 1);
      const cut = hi >= 0xd800 && hi <= 0xdbff ? budget - 1 : budget;
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (cur && cur.length + 1 + rest.length > budget) flush();
    cur = cur ? `${cur}\n${rest}` : rest;
  }
  flush();
  return parts.map((p, i) => `${p}\n（${i + 1}/${parts.length}）`);
}

/** Reply → the texts to send, in order: answer, then one "来源:《title》section" line per source. */
export function renderReply(reply: Reply, maxChars = DEFAULT_MAX_CHARS): string[] {
  const lines = [reply.text.trim()];
  if (reply.ticket && !reply.text.includes(reply.ticket.id)) lines.push(`工单编号：${reply.ticket.id}`);
  const seen = new Set<string>();
  const sources: string[] = [];
  for (const c of reply.citations) {
    const line = `来源:《${c.title}》${c.section}`.trimEnd();
    if (seen.has(line)) continue;
    seen.add(line);
    sources.push(line);
  }
  if (sources.length) lines.push("", ...sources);
  const text = lines.join("\n").trim();
  return text ? splitText(text, maxChars) : [];
}

/** Where one message goes. In a room, `mentionId` is @-mentioned in front of the text. */
export interface Destination {
  contactId?: string;
  roomId?: string;
  mentionId?: string;
}

export interface Outgoing {
  id: string;
  to: Destination;
  text: string;
  queuedAt: string;
  attempts: number;
}

export interface SendQueueOptions {
  deliver: (item: Outgoing) => Promise<void>;
  /** False while the account is logged out: the queue then holds everything until resume(). */
  isReady: () => boolean;
  log: Logger;
  intervalMs: number;
  /** Random extra wait in [0, jitterMs]; defaults to half the interval. */
  jitterMs?: number;
  /** JSONL file that keeps unsent messages across restarts. */
  file?: string;
  maxAttempts?: number;
  now?: () => Date;
}

export class SendQueue {
  private items: Outgoing[] = [];
  private running = false;
  private stopped = false;
  private lastSentAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly o: SendQueueOptions) {
    if (o.file) this.items = loadJsonl(o.file, o.log);
  }

  get size(): number {
    return this.items.length;
  }

  /** Queues the texts for one destination, keeping their order, and starts sending if possible. */
  enqueue(to: Destination, texts: string[]): void {
    const queuedAt = (this.o.now?.() ?? new Date()).toISOString();
    for (const text of texts) this.items.push({ id: randomUUID(), to, text, queuedAt, attempts: 0 });
    this.persist();
    this.resume();
  }

  /** Call after login: drains what was queued while logged out. */
  resume(): void {
    if (!this.running && !this.stopped) void this.run();
  }

  /** Resolves once the queue is empty or paused (logged out / stopped). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.items.length && !this.stopped && this.o.isReady()) {
        await this.pace();
        if (this.stopped || !this.o.isReady()) break;
        const item = this.items[0]!;
        try {
          await this.o.deliver(item);
          this.lastSentAt = Date.now();
          this.items.shift();
          this.persist();
        } catch (err) {
          this.lastSentAt = Date.now();
          if (!this.o.isReady()) break; // logged out mid-send: keep it for the next login
          item.attempts += 1;
          const retryable = !(err instanceof PushError) || err.retryable;
          if (!retryable || item.attempts >= (this.o.maxAttempts ?? 3)) {
            this.o.log.error({ err, to: item.to, attempts: item.attempts }, "wechat send dropped");
            this.items.shift();
          } else {
            this.o.log.warn({ err, to: item.to, attempts: item.attempts }, "wechat send failed, will retry");
          }
          this.persist();
        }
      }
    } finally {
      this.running = false;
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private pace(): Promise<void> {
    const jitter = this.o.jitterMs ?? this.o.intervalMs / 2;
    const gap = this.o.intervalMs + Math.random() * jitter;
    const wait = this.lastSentAt + gap - Date.now();
    if (this.lastSentAt === 0 || wait <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, wait);
    });
  }

  private persist(): void {
    if (!this.o.file) return;
    try {
      writeFileAtomicSync(this.o.file, this.items.map((i) => JSON.stringify(i) + "\n").join(""));
    } catch (err) {
      this.o.log.warn({ err }, "wechat outbox not persisted");
    }
  }
}

function loadJsonl(file: string, log: Logger): Outgoing[] {
  if (!existsSync(file)) return [];
  const out: Outgoing[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as Outgoing;
      if (typeof v.text === "string" && v.to && (v.to.contactId || v.to.roomId)) out.push(v);
    } catch {
      log.warn("wechat outbox: skipped an unreadable line");
    }
  }
  return out;
}
