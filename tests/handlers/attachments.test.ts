// Pictures, files and voice through the real pipeline (loadConfig → buildRoot → createApp), with the
// embedded store and with Redis: attached to the complainant's ticket (file on disk, history event,
// officer told), or answered with a request for words.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import type { Attachment } from "../../core/message.ts";
import { AttachmentUnavailableError } from "../../core/attachment.ts";
import { sniff, cleanName } from "../../tickets/attachments.ts";
import { localMsg, startApp, type Running } from "../e2e/helpers.ts";
import { REDIS_URL } from "../support/redis-url.ts";

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]), Buffer.alloc(3000, 9)]);
const PDF = Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(500, 0)]);
const COMPLAINT = "我要投诉,行政审批大厅窗口推诿,让我来回跑了三趟";

const file = (kind: Attachment["kind"], bytes: Buffer, name?: string): Attachment => ({ kind, ...(name ? { name } : {}), fetch: async (max) => {
  if (bytes.length > max) throw new (await import("../../core/attachment.ts")).AttachmentTooLargeError(max);
  return bytes;
} });
const noVoiceFile: Attachment = { kind: "voice", fetch: async () => { throw new AttachmentUnavailableError("no file"); } };

function suite(name: string, env: () => Record<string, string>) {
  describe(`attachments (${name})`, () => {
    let r: Running;
    beforeAll(async () => {
      r = await startApp({ ZWB_ATTACHMENT_MAX_BYTES: "20000", ...env() });
    });
    afterAll(async () => {
      await r?.close();
    });
    const user = () => `boss-att-${randomUUID().slice(0, 8)}`;

    it("attaches a picture sent right after a complaint: file kept, history, officer told, sender told", async () => {
      const u = user();
      const created = await r.app.handle(localMsg(u, COMPLAINT));
      const id = created!.ticket!.id;
      const unit = created!.ticket!.unit;
      const officer = r.w.deps.tickets.directory().units[unit]![0]!;
      r.w.outbox.drain(officer.userId);
      const reply = await r.app.handle(localMsg(u, "", { attachments: [file("image", JPEG, "现场照片.jpg")] }));
      expect(reply!.text).toBe(`已收到图片，已附到工单 ${id}，并转给${unit}。`);
      const t = (await r.w.deps.tickets.get(id))!;
      expect(t.attachments).toHaveLength(1);
      expect(t.attachments![0]).toMatchObject({ kind: "image", name: "现场照片.jpg", type: "image/jpeg", size: JPEG.length });
      const onDisk = join(r.dataDir, "attachments", id, t.attachments![0]!.file);
      expect(readFileSync(onDisk)).toEqual(JPEG);
      const history = await r.w.deps.tickets.history(id);
      expect(history.map((e) => e.type)).toEqual(["created", "attached"]);
      expect(history[1]!.note).toContain("现场照片.jpg");
      expect(r.w.outbox.drain(officer.userId).map((p) => p.text).join("\n")).toContain(`工单 ${id} 投诉人补充了图片「现场照片.jpg」`);
    });

    it("attaches a picture sent together with the complaint to the ticket it makes", async () => {
      const u = user();
      const reply = await r.app.handle(localMsg(u, COMPLAINT, { attachments: [file("image", JPEG, "一起发的.jpg")] }));
      const id = reply!.ticket!.id;
      expect(reply!.intent).toBe("complaint");
      expect(reply!.text).toContain(`已收到图片，已附到工单 ${id}`);
      expect((await r.w.deps.tickets.get(id))!.attachments).toHaveLength(1);
    });

    it("attaches a file to the one open ticket of its sender, even later", async () => {
      const u = user();
      const id = (await r.app.handle(localMsg(u, COMPLAINT)))!.ticket!.id;
      // Another user's picture never lands on this ticket.
      const stranger = await r.app.handle(localMsg(user(), "", { attachments: [file("image", JPEG)] }));
      expect(stranger!.text).toContain("请用文字描述您的问题");
      const reply = await r.app.handle(localMsg(u, "", { attachments: [file("file", PDF, "../../etc/整改通知.pdf")] }));
      expect(reply!.text).toContain(`已收到文件，已附到工单 ${id}`);
      const meta = (await r.w.deps.tickets.get(id))!.attachments![0]!;
      expect(meta).toMatchObject({ kind: "file", name: "整改通知.pdf", type: "application/pdf" });
      expect(existsSync(join(r.dataDir, "attachments", id, meta.file))).toBe(true);
    });

    it("refuses a file that is not what it claims, and one over the size limit, and keeps nothing", async () => {
      const u = user();
      const id = (await r.app.handle(localMsg(u, COMPLAINT)))!.ticket!.id;
      const fake = await r.app.handle(localMsg(u, "", { attachments: [file("image", EXE, "照片.jpg")] }));
      expect(fake!.text).toContain(`未能附到工单 ${id}`);
      const big = await r.app.handle(localMsg(u, "", { attachments: [file("image", Buffer.concat([JPEG, Buffer.alloc(30_000)]))] }));
      expect(big!.text).toContain("超过 20 KB 的上限");
      expect((await r.w.deps.tickets.get(id))!.attachments ?? []).toEqual([]);
      expect(existsSync(join(r.dataDir, "attachments", id))).toBe(false);
    });

    it("says it reads text when there is no ticket, and answers voice without transcript politely", async () => {
      const pic = await r.app.handle(localMsg(user(), "", { attachments: [file("image", JPEG)] }));
      expect(pic!.text).toMatch(/^已收到您发送的图片。我目前只能阅读文字/);
      expect(pic!.ticket).toBeNull();
      const voice = await r.app.handle(localMsg(user(), "", { attachments: [noVoiceFile] }));
      expect(voice!.text).toBe("抱歉，这条语音暂时无法识别为文字。请用文字描述您的问题，我会尽快为您解答。");
    });

    it("does not attach twice when the same message is delivered twice", async () => {
      const u = user();
      const id = (await r.app.handle(localMsg(u, COMPLAINT)))!.ticket!.id;
      const m = localMsg(u, "", { attachments: [file("image", JPEG)] });
      await r.app.handle(m);
      await r.app.handle({ ...m });
      expect((await r.w.deps.tickets.get(id))!.attachments).toHaveLength(1);
    });
  });
}

suite("embedded store", () => ({ ZWB_STORE: "memory" }));

const prefix = `zwb-att-${randomUUID()}:`;
suite("Redis", () => ({ ZWB_STORE: "redis", REDIS_URL, ZWB_REDIS_PREFIX: prefix }));
afterAll(async () => {
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  const keys: string[] = [];
  for await (const batch of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
  if (keys.length) await redis.del(keys);
  await redis.quit();
});

describe("attachment type check", () => {
  it("recognises files by their bytes, not their names", () => {
    expect(sniff(JPEG)?.type).toBe("image/jpeg");
    expect(sniff(PDF)?.type).toBe("application/pdf");
    expect(sniff(EXE)).toBeNull();
    expect(sniff(Buffer.from("#!AMR\n...."))?.kind).toBe("voice");
    expect(cleanName("../../x/\u0000a<b>.jpg", "图片.jpg")).toBe("ab.jpg");
    expect(cleanName("", "图片.jpg")).toBe("图片.jpg");
  });
});
