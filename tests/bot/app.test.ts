// The bot a test builds is the bot `npm start` builds: buildRoot() → createApp(root.deps), with the
// feature list of handlers/index.ts and nothing added on the side. A policy-task command (a feature
// with background work) answers through that app, and its scheduler is the app's background job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.ts";
import { FEATURES } from "../../handlers/index.ts";
import { localMsg, startApp, type Running } from "../e2e/helpers.ts";

let r: Running;
// A working Monday on which the shipped documents still hold dated tasks ahead.
const clock = new ManualClock(new Date("2025-11-03T10:00:00+08:00"));

beforeAll(async () => {
  r = await startApp({ ZWB_ADMIN_IDS: "local:admin-1" }, { clock });
}, 60_000);
afterAll(async () => {
  await r.app.stop();
  await r.close();
});

describe("createApp as production builds it", () => {
  it("composes every feature, each registering its handlers once", () => {
    const registered: string[] = [];
    for (const f of FEATURES) f({ use: (...mws) => registered.push(...mws.map(() => f.name)), background: (j) => registered.push(`job:${j.name}`) }, r.w.deps);
    expect(registered).toContain("job:reminders");
    expect(new Set(registered.filter((x) => !x.startsWith("job:")))).toEqual(new Set(FEATURES.map((f) => f.name)));
  });

  it("answers a policy-task command through app.handle", async () => {
    const off = (await r.w.deps.tasks.list()).find((t) => t.status === "off");
    expect(off, "the shipped documents hold a dated task after 2025-11-03").toBeTruthy();
    expect((await r.w.deps.tasks.enable(off!.id, "test")).ok).toBe(true);

    const list = await r.app.handle(localMsg("admin-1", "任务列表"));
    expect(list?.intent).toBe("command");
    expect(list?.text).toContain(off!.id);

    const done = await r.app.handle(localMsg("admin-1", `完成任务 ${off!.id}`));
    expect(done?.intent).toBe("command");
    expect((await r.w.deps.tasks.get(off!.id))?.status).not.toBe("on");

    // Someone who is neither an officer nor an administrator is told so, not answered from the policies.
    const stranger = await r.app.handle(localMsg("qiye-1", "任务列表"));
    expect(stranger?.text).toBe("政策任务仅限办理人员和管理员操作。");
  });

  it("the reminder scheduler is the app's background work: start and stop run it", async () => {
    await r.app.start();
    const report = await r.w.reminders.scheduler.pass();
    expect(report.quiet).toBe(false); // 10:00 on a working day is inside the working hours
    await r.app.stop();
  });
});
