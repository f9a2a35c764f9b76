// Where a complaint becomes a ticket, and where officers and complainants act on it. Every method
// returns what a handler needs (text, ticket, pushes); role checks answer in Chinese, never throw.
import { userKey } from "../core/user-key.ts";
import { deliveryKey, type Address, type IncomingMessage, type Push, type TicketView } from "../core/message.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/log.ts";
import { scrub } from "../core/privacy.ts";
import type { TicketStore } from "./store.ts";
import { TicketNotFoundError } from "./store.ts";
import type { Ticket, TicketEvent, ClockStop, DueDeadline } from "./types.ts";
import { STATUS_ZH } from "./types.ts";
import { isAdmin } from "../core/ids.ts";
import type { WorkCalendar } from "./calendar.ts";
import { unitOfficers, type RoutingConfig, type SlaConfig, type DirectoryConfig, type Officer } from "./config.ts";
import { detectComplaint, type Detection } from "./detect.ts";
import { routeComplaint } from "./routing.ts";
import { computeDeadlines } from "./sla.ts";
import { ticketView, createdText, duplicateText, statusText, listText } from "./text.ts";
import { AttachmentRejectedError, type AttachmentKind, type AttachmentStore } from "./attachments.ts";

export interface Actor {
  channel: Address["channel"];
  userId: string;
  groupId?: string;
}

export interface Outcome {
  ok: boolean;
  text: string;
  ticket: Ticket | null;
  view: TicketView | null;
  pushes: Push[];
}

export interface TicketServiceDeps {
  store: TicketStore;
  calendar: WorkCalendar;
  clock: Clock;
  log: Logger;
  routing: RoutingConfig;
  sla: SlaConfig;
  directory: DirectoryConfig;
  /** "channel:userId" of administrators (ZWB_ADMIN_IDS). */
  admins: string[];
  /** Secret key of the complainant hash; without it a hash of a known member id could be matched. */
  idSalt?: string;
  /** Where pictures and files sent for a ticket are kept; without it nothing can be attached. */
  attachments?: AttachmentStore;
}

const KIND_ZH: Record<AttachmentKind, string> = { image: "图片", file: "文件", voice: "语音", video: "视频" };
const OPEN_STATUSES = ["open", "accepted", "replied", "reopened", "resolved"] as const;

const actorKey = (a: Actor) => `${a.channel}:${a.userId}`;
const ownerHashWith = (salt: string, a: Actor) => userKey(salt, a.channel, a.userId);

function fail(text: string): Outcome {
  return { ok: false, text, ticket: null, view: null, pushes: [] };
}

export class TicketService {
  // Actors made by consoleActor(): only the admin HTTP API (behind the admin token) holds them, so
  // no chat message can claim the rights of one by naming itself.
  private readonly consoleActors = new WeakSet<Actor>();

  constructor(private readonly deps: TicketServiceDeps) {}

  /** An administrator signed in to the web console, acting under their name (recorded as "http:console:<name>"). */
  consoleActor(name: string): Actor {
    const a: Actor = { channel: "http", userId: `console:${name}` };
    this.consoleActors.add(a);
    return a;
  }

  /** The officer directory in force; an administrator's edit applies to the next call. */
  directory(): DirectoryConfig {
    return this.deps.directory;
  }

  /** The SLA clocks in force. */
  sla(): SlaConfig {
    return this.deps.sla;
  }

  routing(): RoutingConfig {
    return this.deps.routing;
  }

  /** Applies edited rule files (already validated); the next message uses them. */
  applyConfig(next: Partial<Pick<TicketServiceDeps, "routing" | "sla" | "directory">>): void {
    Object.assign(this.deps, next);
  }

  private get now(): Date {
    return this.deps.clock.now();
  }

  private ok(t: Ticket, text: string, pushes: Push[] = []): Outcome {
    return { ok: true, text, ticket: t, view: ticketView(t), pushes };
  }

  /** The unit an actor works for, from config/directory.json. */
  officerOf(a: Actor): { unit: string; officer: Officer } | null {
    for (const [unit, officers] of Object.entries(this.deps.directory.units)) {
      const o = officers.find((x) => x.channel === a.channel && x.userId === a.userId);
      if (o) return { unit, officer: o as Officer };
    }
    return null;
  }

  isAdmin(a: Actor): boolean {
    return this.consoleActors.has(a) || isAdmin(this.deps.admins, a.channel, a.userId);
  }

  /** Admins and the supervising office (营商办) see every ticket. */
  seesAll(a: Actor): boolean {
    return this.isAdmin(a) || this.officerOf(a)?.unit === this.deps.directory.supervisingUnit;
  }

  isStaff(a: Actor): boolean {
    return this.isAdmin(a) || this.officerOf(a) !== null;
  }

  /** New work goes to the unit's officers; leaders hear of it through escalation reminders. */
  private officerPushes(unit: string, text: string): Push[] {
    return unitOfficers(this.deps.directory, unit).map((to) => ({ to, text }));
  }

  /** Replies about a complaint go to the complainant privately, never into the group it came from. */
  private complainantPush(t: Ticket, text: string): Push[] {
    return t.complainant ? [{ to: { channel: t.complainant.channel, userId: t.complainant.userId }, text }] : [];
  }

  async createFromComplaint(msg: IncomingMessage, opts: { unitHint?: string; detection?: Detection } = {}): Promise<{ ticket: Ticket; created: boolean; text: string; view: TicketView; pushes: Push[]; detection: Detection }> {
    const detection = opts.detection ?? detectComplaint(msg.text);
    const route = routeComplaint(msg.text, detection.category, this.deps.routing, this.deps.directory, opts.unitHint);
    const createdAt = this.now;
    const anonymous = Boolean(detection.anonymous);
    const complainant: Address | null = anonymous ? null : { channel: msg.channel, userId: msg.userId, ...(msg.groupId ? { groupId: msg.groupId } : {}) };
    const { ticket, created } = await this.deps.store.create({
      // The sender is part of the key: another user reusing a message id must not hit this ticket.
      dedupeKey: deliveryKey(msg.channel, msg.userId, msg.messageId),
      category: detection.category,
      unit: route.unit,
      priority: detection.priority,
      verifyAll: detection.priority === "high",
      realName: Boolean(detection.realName),
      anonymous,
      // An anonymous complainant's phone or ID number typed into the text is not kept either.
      text: anonymous ? scrub(msg.text) : msg.text,
      complainant,
      ownerHash: this.ownerHashOf(msg),
      createdAt: createdAt.toISOString(),
      deadlines: computeDeadlines(this.deps.sla, this.deps.calendar, createdAt, "created"),
    });
    this.deps.log.info({ ticket: ticket.id, unit: ticket.unit, category: ticket.category, priority: ticket.priority, created, store: this.deps.store.kind }, created ? "ticket created" : "duplicate complaint delivery");
    if (!created) return { ticket, created, text: duplicateText(ticket), view: ticketView(ticket), pushes: [], detection };
    const text = createdText(ticket, this.deps.sla, route.reason);
    // A journaled complaint waits for Redis; its unit is told once it is there, under its final
    // number, so an officer never acts on a number that could still change (replayNotices).
    if (ticket.journaled) return { ticket, created, text: `${text}\n(系统恢复中:工单已安全保存,承办单位将在恢复后立即收到通知,时限自登记时起算。)`, view: ticketView(ticket), pushes: [], detection };
    return { ticket, created, text, view: ticketView(ticket), pushes: this.officerPushes(ticket.unit, this.newTicketNotice(ticket)), detection };
  }

  private newTicketNotice(ticket: Ticket, alsoKnownAs?: string): string {
    // Chat messages are seen over shoulders and forwarded: phone and ID numbers stay in the ticket only.
    const aka = alsoKnownAs ? `(投诉人所持编号 ${alsoKnownAs},同指本工单)` : "";
    return `新投诉工单 ${ticket.id}${aka}${ticket.priority === "high" ? "【实名举报,优先办理、100%核查】" : ""}\n分类:${ticket.category}\n内容:${scrub(ticket.text)}\n请发送「受理 ${ticket.id}」确认受理(联系方式等完整内容见工单)。`;
  }

  /**
   * A journaled complaint has reached Redis: its unit gets the notice it could not get while Redis was
   * away, and when the number changed the complainant is told the final one (both keep working).
   */
  replayNotices(r: { journalId: string; ticket: Ticket; changed: boolean }): Push[] {
    const t = r.ticket;
    const pushes = this.officerPushes(t.unit, this.newTicketNotice(t, r.changed ? r.journalId : undefined));
    if (r.changed) pushes.push(...this.complainantPush(t, `您的投诉(工单 ${r.journalId})已正式登记,工单号为 ${t.id}。两个编号均可查询,「查询 ${t.id}」即可查看进度。`));
    return pushes;
  }

  private async load(id: string): Promise<Ticket | null> {
    return this.deps.store.get(id);
  }

  /** Loads a ticket an officer may act on, or the refusal to show. */
  private async forOfficer(a: Actor, id: string): Promise<Ticket | string> {
    const me = this.officerOf(a);
    if (!me && !this.isAdmin(a)) return "您不是工单办理人员,无权办理工单。如需投诉请直接描述问题。";
    const t = await this.load(id);
    if (!t) return `未找到工单 ${id},请核对工单号。`;
    if (!this.isAdmin(a) && me!.unit !== t.unit && me!.unit !== this.deps.directory.supervisingUnit) return `工单 ${id} 由${t.unit}承办,您所在的${me!.unit}无权办理。`;
    return t;
  }

  private meet(t: Ticket, stops: ClockStop[], at: string): Ticket {
    return { ...t, deadlines: t.deadlines.map((d) => (!d.metAt && stops.includes(d.stopsOn) ? { ...d, metAt: at } : d)) };
  }

  private async change(id: string, by: Actor | "system", type: TicketEvent["type"], fn: (t: Ticket, at: string) => Ticket | null, note?: string): Promise<Ticket> {
    const at = this.now.toISOString();
    return this.deps.store.update(id, (t) => {
      const next = fn(t, at);
      // An anonymous complainant's own actions are recorded as theirs, never under their id.
      const byKey = by === "system" ? "system" : t.anonymous && this.ownsTicket(by, t) ? "complainant" : actorKey(by);
      return next ? { ticket: next, event: { type, by: byKey, at, ...(note ? { note } : {}) } } : null;
    });
  }

  private ownsTicket(a: Actor, t: Ticket): boolean {
    return !this.isStaff(a) && this.ownerHashOf(a) === t.ownerHash;
  }

  private ownerHashOf(a: Actor): string {
    return ownerHashWith(this.deps.idSalt ?? "zwb-owner", a);
  }

  async accept(a: Actor, id: string): Promise<Outcome> {
    const t = await this.forOfficer(a, id);
    if (typeof t === "string") return fail(t);
    if (!["open", "reopened"].includes(t.status)) return this.ok(t, `工单 ${id} 已受理过,当前状态:${STATUS_ZH[t.status]}。`);
    const up = await this.change(id, a, "accepted", (x, at) => ({ ...this.meet(x, ["accept"], at), status: "accepted" }));
    return this.ok(up, `已受理工单 ${id}。`, this.complainantPush(up, `您的投诉(工单 ${id})已由${up.unit}受理,正在办理。`));
  }

  async reply(a: Actor, id: string, text: string): Promise<Outcome> {
    if (!text.trim()) return fail(`请写明答复内容,例如「回复 ${id} 已联系企业,下周上门处理」。`);
    const t = await this.forOfficer(a, id);
    if (typeof t === "string") return fail(t);
    if (t.status === "closed") return fail(`工单 ${id} 已办结并评价,不能再答复。`);
    // A further reply to a resolved ticket adds to it; it does not undo the resolution.
    const up = await this.change(id, a, "replied", (x, at) => ({ ...this.meet(x, ["accept", "reply"], at), status: x.status === "resolved" ? "resolved" : "replied", replies: [...x.replies, { at, by: actorKey(a), text }] }), text);
    const pushed = this.complainantPush(up, `【工单 ${id} 答复】${up.unit}:${text}`);
    return this.ok(up, `已答复工单 ${id}${pushed.length ? ",答复已转达投诉人" : "(匿名投诉,投诉人可凭工单号查询答复)"}。`, pushed);
  }

  async transfer(a: Actor, id: string, unit: string): Promise<Outcome> {
    const t = await this.forOfficer(a, id);
    if (typeof t === "string") return fail(t);
    const target = unit.trim();
    if (!this.deps.directory.units[target]?.length) return fail(`没有名为「${target}」的承办单位。可选:${Object.keys(this.deps.directory.units).join("、")}`);
    if (target === t.unit) return fail(`工单 ${id} 已由${target}承办。`);
    const up = await this.change(id, a, "transferred", (x) => ({ ...x, unit: target, status: x.status === "replied" ? "accepted" : x.status }), `${t.unit} → ${target}`);
    const next = ["open", "reopened"].includes(up.status) ? `请发送「受理 ${id}」确认受理` : `当前状态:${STATUS_ZH[up.status]},请发送「回复 ${id} 内容」或「办结 ${id} 内容」继续办理`;
    return this.ok(up, `已将工单 ${id} 转${target}办理。`, this.officerPushes(target, `工单 ${id} 由${t.unit}转来,${next}。\n内容:${up.text}`));
  }

  async resolve(a: Actor, id: string, text: string): Promise<Outcome> {
    if (!text.trim()) return fail(`请写明办结情况,例如「办结 ${id} 已完成整改」。`);
    const t = await this.forOfficer(a, id);
    if (typeof t === "string") return fail(t);
    if (t.status === "resolved" || t.status === "closed") return fail(`工单 ${id} 已办结。`);
    const now = this.now;
    const round = Math.max(...t.deadlines.map((d) => d.round), 1);
    const follow = computeDeadlines(this.deps.sla, this.deps.calendar, now, "resolved", round);
    const up = await this.change(id, a, "resolved", (x, at) => {
      const met = this.meet(x, ["accept", "reply", "resolve"], at);
      return { ...met, status: "resolved", replies: [...x.replies, { at, by: actorKey(a), text }], deadlines: [...met.deadlines, ...follow] };
    }, text);
    const pushed = this.complainantPush(up, `【工单 ${id} 已办结】${up.unit}:${text}\n请评价:发送「满意 ${id}」或「不满意 ${id}」。`);
    return this.ok(up, `已办结工单 ${id}。`, pushed);
  }

  async followup(a: Actor, id: string, text: string): Promise<Outcome> {
    const t = await this.forOfficer(a, id);
    if (typeof t === "string") return fail(t);
    if (t.status !== "resolved" && t.status !== "closed") return fail(`工单 ${id} 尚未办结,办结后再回访。`);
    const up = await this.change(id, a, "followed_up", (x, at) => this.meet(x, ["followup"], at), text);
    return this.ok(up, `已记录工单 ${id} 的回访。`);
  }

  /** An internal note of the handling staff: kept in the ticket and its history, never relayed. */
  async note(a: Actor, id: string, text: string): Promise<Outcome> {
    if (!text.trim()) return fail("请写明备注内容。");
    const t = await this.forOfficer(a, id);
    if (typeof t === "string") return fail(t);
    const up = await this.change(id, a, "noted", (x, at) => ({ ...x, notes: [...(x.notes ?? []), { at, by: actorKey(a), text: text.trim() }] }), text.trim());
    return this.ok(up, `已为工单 ${id} 添加备注。`);
  }

  /** Loads a ticket its complainant acts on (anonymous ones too, by the hashed sender). */
  private async forComplainant(a: Actor, id: string): Promise<Ticket | string> {
    const t = await this.load(id);
    if (!t || t.ownerHash !== this.ownerHashOf(a)) return `未找到您提交的工单 ${id},请核对工单号。`;
    return t;
  }

  async status(a: Actor, id: string): Promise<Outcome> {
    const t = await this.load(id);
    const me = this.officerOf(a);
    const allowed = t && (t.ownerHash === this.ownerHashOf(a) || this.seesAll(a) || me?.unit === t.unit);
    if (!t || !allowed) return fail(`未找到您提交的工单 ${id},请核对工单号。`);
    return this.ok(t, statusText(t, this.deps.sla, this.now));
  }

  async supplement(a: Actor, id: string, text: string): Promise<Outcome> {
    if (!text.trim()) return fail(`请写明补充内容,例如「补充 ${id} 办理时间是11月3日」。`);
    const t = await this.forComplainant(a, id);
    if (typeof t === "string") return fail(t);
    if (t.status === "closed") return fail(`工单 ${id} 已办结。如有新问题,请直接描述,我们将重新登记。`);
    const body = t.anonymous ? scrub(text) : text;
    const up = await this.change(id, a, "supplemented", (x, at) => ({ ...x, supplements: [...x.supplements, { at, text: body }] }));
    return this.ok(up, `已将补充内容记入工单 ${id},并转给${up.unit}。`, this.officerPushes(up.unit, `工单 ${id} 投诉人补充:${scrub(body)}`));
  }

  /** The complainant's own tickets that are not closed, newest first. */
  async openTicketsOf(a: Actor): Promise<Ticket[]> {
    const ts = await this.deps.store.list({ status: [...OPEN_STATUSES], ownerHash: this.ownerHashOf(a) });
    return ts.sort((x, y) => y.createdAt.localeCompare(x.createdAt));
  }

  /**
   * Keeps a picture, file or voice message the complainant sent for their ticket: stored (size- and
   * type-checked), listed on the ticket and in its history, and the unit's officers are told.
   */
  async attach(a: Actor, id: string, input: { kind: AttachmentKind; name?: string; bytes: Buffer }): Promise<Outcome> {
    const store = this.deps.attachments;
    if (!store) return fail("本系统未开启附件保存，请用文字描述情况。");
    const t = await this.forComplainant(a, id);
    if (typeof t === "string") return fail(t);
    if (t.status === "closed") return fail(`工单 ${id} 已办结。如有新问题,请直接描述,我们将重新登记。`);
    let meta;
    try {
      meta = store.save(id, input);
    } catch (e) {
      if (!(e instanceof AttachmentRejectedError)) throw e;
      const max = store.maxBytes >= 1024 * 1024 ? `${Math.round(store.maxBytes / 1024 / 1024)} MB` : `${Math.max(1, Math.round(store.maxBytes / 1024))} KB`;
      const why = e.reason === "too_large" ? `文件超过 ${max} 的上限` : e.reason === "type" ? "只接收常见图片（JPG、PNG 等）、PDF、Office 文档和语音" : "文件是空的";
      return fail(`未能附到工单 ${id}：${why}。请用文字补充说明，或换一个文件再发。`);
    }
    const what = `${KIND_ZH[meta.kind]}「${meta.name}」(${Math.max(1, Math.round(meta.size / 1024))} KB)`;
    const up = await this.change(id, a, "attached", (x) => ({ ...x, attachments: [...(x.attachments ?? []), meta] }), what);
    this.deps.log.info({ ticket: id, attachment: meta.id, kind: meta.kind, size: meta.size }, "attachment kept");
    return this.ok(up, `已收到${KIND_ZH[meta.kind]}，已附到工单 ${id}，并转给${up.unit}。`, this.officerPushes(up.unit, `工单 ${id} 投诉人补充了${what}，可在管理后台的工单详情中查看。`));
  }

  /** The bytes of an attachment of a ticket (for the administration console). */
  attachmentBytes(ticketId: string, meta: { file: string }): Buffer | null {
    return this.deps.attachments?.read(ticketId, meta) ?? null;
  }

  async rate(a: Actor, id: string, satisfied: boolean): Promise<Outcome> {
    const t = await this.forComplainant(a, id);
    if (typeof t === "string") return fail(t);
    if (t.status !== "resolved") return fail(t.status === "closed" ? `工单 ${id} 已评价过,谢谢。` : `工单 ${id} 尚未办结,办结后可评价。`);
    if (satisfied) {
      const up = await this.change(id, a, "rated", (x, at) => ({ ...this.meet(x, ["followup"], at), status: "closed", rating: "satisfied", ratings: [...(x.ratings ?? []), { at, satisfied: true }] }), "满意");
      return this.ok(up, `感谢您的评价,工单 ${id} 已办结。`);
    }
    const now = this.now;
    const round = Math.max(...t.deadlines.map((d) => d.round), 1) + 1;
    const again = computeDeadlines(this.deps.sla, this.deps.calendar, now, "created", round, this.deps.sla.reopen.kinds);
    const up = await this.change(id, a, "reopened", (x, at) => {
      const met = this.meet(x, ["followup"], at);
      return { ...met, status: "reopened", rating: "unsatisfied", ratings: [...(x.ratings ?? []), { at, satisfied: false }], deadlines: [...met.deadlines, ...again] };
    }, "不满意");
    return this.ok(up, `已收到您的评价。工单 ${id} 已重新交${up.unit}办理,将在新的时限内答复您。`, this.officerPushes(up.unit, `工单 ${id} 投诉人不满意,已重新打开,请重新办理。`));
  }

  async list(a: Actor): Promise<Outcome> {
    const me = this.officerOf(a);
    if (!this.seesAll(a) && !me) return fail("工单列表仅限管理员和办理人员查看。");
    const ts = await this.deps.store.list({ status: ["open", "accepted", "replied", "reopened", "resolved"], ...(this.seesAll(a) ? {} : { unit: me!.unit }) });
    return { ok: true, text: listText(this.seesAll(a) ? "全部未结工单" : `${me!.unit}未结工单`, ts, this.deps.sla, this.now), ticket: null, view: null, pushes: [] };
  }

  async overdue(a: Actor): Promise<Outcome> {
    const me = this.officerOf(a);
    if (!this.seesAll(a) && !me) return fail("超期工单仅限管理员和办理人员查看。");
    const ts = await this.deps.store.list({ overdueAt: this.now, ...(this.seesAll(a) ? {} : { unit: me!.unit }) });
    return { ok: true, text: listText("超期工单", ts, this.deps.sla, this.now), ticket: null, view: null, pushes: [] };
  }

  /** For the reminders engine: unmet deadlines due before t. */
  dueBefore(t: Date, limit = 100): Promise<DueDeadline[]> {
    return this.deps.store.dueBefore(t, limit);
  }

  get(id: string): Promise<Ticket | null> {
    return this.deps.store.get(id);
  }

  history(id: string): Promise<TicketEvent[]> {
    return this.deps.store.history(id);
  }
}

export function createTicketService(deps: TicketServiceDeps): TicketService {
  return new TicketService(deps);
}

export { TicketNotFoundError };
