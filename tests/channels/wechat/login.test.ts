import { afterEach, describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { ScanStatus } from "wechaty";
import { textReply } from "../../../core/message.ts";
import { createMockWorld, type MockWorld } from "./harness.ts";

describe("wechat login", () => {
  let world: MockWorld | undefined;
  afterEach(async () => {
    await world?.stop();
  });

  it("draws the login QR code and its URL on the QR stream (not stdout) when the puppet asks for a scan", async () => {
    world = createMockWorld();
    const out = new PassThrough();
    let written = "";
    out.on("data", (b: Buffer) => (written += b.toString()));
    const door = await world.start(async (m) => textReply("other", m.text), { qrOut: out });
    await world.logout();

    const drawn = new Promise<void>((resolve) => out.once("data", () => resolve()));
    world.mocker.scan("https://login.weixin.qq.com/l/abc123", ScanStatus.Waiting);
    await drawn;
    expect(written).toContain("https://wechaty.js.org/qrcode/" + encodeURIComponent("https://login.weixin.qq.com/l/abc123"));
    // qrcode ships with wechaty (via file-box), so the code itself is drawn with block characters.
    expect(written).toMatch(/[█▀▄]/);
    expect(door.state().loggedIn).toBe(false);

    await world.login();
    expect(door.state()).toMatchObject({ loggedIn: true, user: { id: world.botUser.id, name: "政务帮助手" } });
  });
});
