// Pictures, files and voice sent to the bot. Sent with or right after a complaint, or by someone
// with one open ticket, they join that ticket (kept, listed in its history, the officers told) and
// the sender hears "已收到图片，已附到工单 TS…". Otherwise the bot says it reads text and asks for the
// question in words; voice without a transcript gets the same, politely.
import type { AppContext, AppFeature } from "./deps.ts";
import { textReply, type Attachment, type Push, type TicketView } from "../core/message.ts";
import { AttachmentTooLargeError } from "../core/attachment.ts";
import { actorOf } from "../tickets/dispatch.ts";

/** A picture sent this soon after a complaint belongs to it, even when the sender has other open tickets. */
const RIGHT_AFTER_MS = 30 * 60_000;
const KIND_ZH: Record<Attachment["kind"], string> = { image: "图片", file: "文件", voice: "语音", video: "视频" };
const sizeText = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

const NO_TICKET = (kind: string) =>
  `已收到您发送的${kind}。我目前只能阅读文字，看不到${kind}里的内容，请用文字描述您的问题；如需投诉，请直接写明情况，我会立即登记工单，之后发来的图片和文件会附到工单上。`;
const VOICE = "抱歉，这条语音暂时无法识别为文字。请用文字描述您的问题，我会尽快为您解答。";

export const attachmentsFeature: AppFeature = (app, deps) => {
  // Who was just given a new ticket number: their next picture joins that ticket.
  const justFiled = new Map<string, { id: string; at: number }>();
  const remember = (key: string, id: string) => {
    justFiled.delete(key);
    justFiled.set(key, { id, at: Date.now() });
    if (justFiled.size > 10_000) justFiled.delete(justFiled.keys().next().value!);
  };

  /** The ticket a bare picture is for, or the reason there is none. */
  async function target(ctx: AppContext, key: string): Promise<{ id: string } | { none: "zero" | "many" }> {
    const recent = justFiled.get(key);
    const open = await ctx.deps.tickets.openTicketsOf(actorOf(ctx.msg));
    if (recent && Date.now() - recent.at < RIGHT_AFTER_MS && open.some((t) => t.id === recent.id)) return { id: recent.id };
    if (open.length === 1) return { id: open[0]!.id };
    if (open.length > 1) {
      const newest = open[0]!;
      return Date.now() - Date.parse(newest.createdAt) < RIGHT_AFTER_MS ? { id: newest.id } : { none: "many" };
    }
    return { none: "zero" };
  }

  /** Downloads and attaches each item; one line per item for the reply, and the officers' notices. */
  async function attachAll(ctx: AppContext, id: string, items: Attachment[]): Promise<{ lines: string[]; pushes: Push[]; view: TicketView | null }> {
    const max = ctx.deps.settings.attachmentMaxBytes ?? 10 * 1024 * 1024;
    const out = { lines: [] as string[], pushes: [] as Push[], view: null as TicketView | null };
    for (const a of items) {
      let bytes: Buffer;
      try {
        bytes = await a.fetch(max);
      } catch (err) {
        const tooLarge = err instanceof AttachmentTooLargeError;
        if (!tooLarge) ctx.deps.log.warn({ err, kind: a.kind }, "attachment not downloaded");
        out.lines.push(
          tooLarge
            ? `您发送的${KIND_ZH[a.kind]}超过 ${sizeText(max)} 的上限，未能附到工单 ${id}。请压缩后重发，或用文字补充说明。`
            : a.kind === "voice"
              ? VOICE
              : `未能接收您发送的${KIND_ZH[a.kind]}（下载失败），请稍后重发，或用文字补充说明。`,
        );
        continue;
      }
      const o = await ctx.deps.tickets.attach(actorOf(ctx.msg), id, { kind: a.kind, ...(a.name ? { name: a.name } : {}), bytes });
      out.lines.push(o.ok && a.kind === "voice" ? `${o.text}语音暂时无法转成文字，如需补充说明请发文字。` : o.text);
      if (o.ok) {
        out.pushes.push(...o.pushes);
        out.view = o.view;
      }
    }
    return out;
  }

  app.use(async (ctx, next) => {
    const key = `${ctx.msg.channel}:${ctx.msg.userId}`;
    const items = ctx.msg.attachments ?? [];
    if (!items.length) {
      await next();
      if (ctx.state.intent === "complaint" && ctx.reply?.ticket) remember(key, ctx.reply.ticket.id);
      return;
    }
    if (ctx.msg.text.trim()) {
      // Text and picture together: the text is handled first (a complaint makes its ticket), then the
      // picture joins the ticket that reply is about when it is the sender's own.
      await next();
      const reply = ctx.reply;
      if (ctx.state.intent === "complaint" && reply?.ticket) remember(key, reply.ticket.id);
      const t = reply?.ticket && ctx.state.intent === "complaint" ? { id: reply.ticket.id } : await target(ctx, key);
      if (!("id" in t)) return;
      const done = await attachAll(ctx, t.id, items);
      if (reply) ctx.reply = { ...reply, text: `${reply.text}\n${done.lines.join("\n")}`, pushes: [...reply.pushes, ...done.pushes] };
      return;
    }
    const kind = KIND_ZH[items[0]!.kind];
    const t = await target(ctx, key);
    if (!("id" in t)) {
      ctx.state.intent = "other";
      const onlyVoice = items.every((a) => a.kind === "voice");
      const text = onlyVoice ? VOICE : t.none === "many" ? `已收到您发送的${kind}。您有多张未办结的工单，我无法判断它属于哪一张。请用文字说明情况，并写明工单号（例如“补充 TS20260101-0001 现场照片已发”）。` : NO_TICKET(kind);
      ctx.reply = textReply("other", text, { outcome: "clarify" });
      return;
    }
    ctx.state.intent = "command";
    const done = await attachAll(ctx, t.id, items);
    ctx.reply = textReply("command", done.lines.join("\n"), { ticket: done.view, pushes: done.pushes });
  });
};
