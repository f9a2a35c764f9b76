// The local HTTP door on a real server: the channel its ids are attributed to (ZWB_HTTP_CHANNEL),
// relays to a complainant who used HTTP reaching GET /api/outbox/:user, and a ticket's attachments
// in the administration JSON with a download URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerType } from "@hono/node-server";
import { startHttp } from "../../bot/channels/local/http.ts";
import { startApp, type Running } from "./helpers.ts";

const TOKEN = "test-admin-token-0123456789";
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(800, 5)]);
const COMPLAINT = "我要投诉,行政审批大厅窗口推诿,让我来回跑了三趟";

async function serve(r: Running): Promise<{ base: string; server: ServerType }> {
  const { server, port } = await startHttp({ app: r.app, root: r.w }, 0, "127.0.0.1");
  return { base: `http://127.0.0.1:${port}`, server };
}
const post = (base: string, body: unknown) =>
  fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((x) => x.json() as Promise<any>);
const outbox = (base: string, user: string) => fetch(`${base}/api/outbox/${user}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((x) => x.json() as Promise<any>);

describe("HTTP door, default channel (self-asserted ids)", () => {
  let r: Running;
  let s: { base: string; server: ServerType };
  beforeAll(async () => {
    r = await startApp({ ZWB_ADMIN_TOKEN: TOKEN });
    s = await serve(r);
  });
  afterAll(async () => {
    s?.server.close();
    await r?.close();
  });

  it("grants no officer rights to an HTTP id that equals a local officer's, and the relay from the real officer reaches the HTTP complainant's outbox", async () => {
    const created = await post(s.base, { user: "http-boss-1", text: COMPLAINT });
    const id = created.ticket.id as string;
    const officer = r.w.deps.tickets.directory().units[created.ticket.unit]![0]!;
    expect(officer.channel).toBe("local");
    const forged = await post(s.base, { user: officer.userId, text: `回复 ${id} 已处理` });
    expect(forged.reply).toContain("无权");
    // The officer acts on the local channel (console) in this process; the complainant used HTTP.
    const rep = await r.app.handle({ channel: "local", messageId: "o-1", userId: officer.userId, text: `回复 ${id} 已约谈窗口负责人`, mentioned: true, receivedAt: new Date() });
    expect(rep!.text).toContain("答复已转达投诉人");
    const box = await outbox(s.base, "http-boss-1");
    expect(box.pushes.map((p: any) => p.text).join("\n")).toContain("已约谈窗口负责人");
    expect(box.pushes[0].to).toMatchObject({ channel: "http", userId: "http-boss-1" });
  });

  it("lists a ticket's attachments in the admin JSON and serves each one", async () => {
    const created = await r.app.handle({ channel: "http", messageId: "att-1", userId: "http-boss-2", text: COMPLAINT, mentioned: true, receivedAt: new Date() });
    const id = created!.ticket!.id;
    await r.app.handle({ channel: "http", messageId: "att-2", userId: "http-boss-2", text: "", mentioned: true, receivedAt: new Date(), attachments: [{ kind: "image", name: "现场.jpg", fetch: async () => JPEG }] });
    const res = await fetch(`${s.base}/api/admin/tickets/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = (await res.json()) as any;
    expect(body.ticket.attachments).toHaveLength(1);
    expect(body.ticket.attachments[0]).toMatchObject({ kind: "image", name: "现场.jpg", type: "image/jpeg", size: JPEG.length });
    expect(body.history.map((e: any) => e.type)).toContain("attached");
    const file = await fetch(`${s.base}${body.ticket.attachments[0].url}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await file.arrayBuffer())).toEqual(JPEG);
    const noAuth = await fetch(`${s.base}${body.ticket.attachments[0].url}`);
    expect(noAuth.status).toBe(401);
  });
});

describe("HTTP door mapped onto the local channel (ZWB_HTTP_CHANNEL=local, behind an authenticating gateway)", () => {
  let r: Running;
  let s: { base: string; server: ServerType };
  beforeAll(async () => {
    r = await startApp({ ZWB_ADMIN_TOKEN: TOKEN, ZWB_HTTP_CHANNEL: "local" });
    s = await serve(r);
  });
  afterAll(async () => {
    s?.server.close();
    await r?.close();
  });

  it("lets an officer registered on local act over HTTP, and relays to the HTTP complainant's outbox", async () => {
    const created = await post(s.base, { user: "http-boss-3", text: COMPLAINT });
    const id = created.ticket.id as string;
    const officer = r.w.deps.tickets.directory().units[created.ticket.unit]![0]!;
    const acc = await post(s.base, { user: officer.userId, text: `受理 ${id}` });
    expect(acc.reply).toContain("已受理");
    const rep = await post(s.base, { user: officer.userId, text: `回复 ${id} 明天上门办理` });
    expect(rep.reply).toContain("答复已转达投诉人");
    const box = await outbox(s.base, "http-boss-3");
    const texts = box.pushes.map((p: any) => p.text).join("\n");
    expect(texts).toContain("已由");
    expect(texts).toContain("明天上门办理");
  });
});

describe("a relay from a process that does not serve HTTP (the CLI console)", () => {
  it("is queued, not claimed delivered, and reaches GET /api/outbox/:user through the serving process", async () => {
    const { ManualClock } = await import("../../core/clock.ts");
    const { tempDir } = await import("./helpers.ts");
    const shared = tempDir("shared");
    const clock = new ManualClock(new Date("2026-11-23T10:00:00+08:00")); // a Monday, working hours
    const serving = await startApp({ ZWB_ADMIN_TOKEN: TOKEN, ZWB_DATA_DIR: shared }, { clock, cleanup: [shared] });
    const console_ = await startApp({ ZWB_DATA_DIR: shared }, { clock });
    const s = await serve(serving);
    try {
      const created = await post(s.base, { user: "http-boss-4", text: COMPLAINT });
      const id = created.ticket.id as string;
      const officer = serving.w.deps.tickets.directory().units[created.ticket.unit]![0]!;
      const rep = await console_.app.handle({ channel: "local", messageId: "cli-1", userId: officer.userId, text: `回复 ${id} 已派人核实`, mentioned: true, receivedAt: clock.now() });
      expect(rep!.text).toContain("暂未送达，已排队自动重发");
      expect((await outbox(s.base, "http-boss-4")).pushes).toEqual([]);
      clock.advance(5 * 60_000);
      await serving.w.reminders.scheduler.pass();
      const box = await outbox(s.base, "http-boss-4");
      expect(box.pushes.map((p: any) => p.text).join("\n")).toContain("已派人核实");
    } finally {
      s.server.close();
      await console_.close();
      await serving.close();
    }
  });
});
