import { describe, it, expect, afterEach } from "vitest";
import { harness } from "./complaint-helpers.ts";

let h: ReturnType<typeof harness>;
afterEach(() => h?.cleanup());

describe("complaint → ticket → officer → complainant, through the handlers", () => {
  it("runs a whole conversation and reopens on 不满意", async () => {
    h = harness("2025-09-30T09:00:00+08:00");
    const r = await h.send("boss-li", "我要投诉!行政审批大厅窗口的工作人员态度很差,让我来回跑了三趟");
    expect(r.intent).toBe("complaint");
    const id = r.ticket!.id;
    expect(id).toBe("TS20250930-0001");
    expect(r.ticket!.unit).toBe("行政审批局");
    expect(r.ticket!.category).toBe("窗口服务/审批时限");
    const accept = r.ticket!.deadlines.find((d) => d.kind === "accept")!;
    // Tue 30 Sep + 3 workdays across National Day: 9, 10 and the make-up Saturday 11 Oct
    expect(accept.dueAt).toBe(new Date("2025-10-11T23:59:59.999+08:00").toISOString());
    expect(accept.rule).toMatch(/12345/);
    expect(r.ticket!.deadlines.find((d) => d.kind === "plan")!.rule).toMatch(/海城/);
    expect(r.text).toContain(id);
    expect(r.text).toContain("行政审批局");
    expect(r.text).toContain("2025年10月11日(周六)");
    expect(r.text).toContain(`查询 ${id}`);
    expect(r.pushes.map((p) => p.to.userId)).toEqual(["officer-xzsp"]);

    // Another unit's officer may not act on it
    const wrong = await h.send("officer-zj", `受理 ${id}`);
    expect(wrong.intent).toBe("command");
    expect(wrong.text).toContain("无权办理");
    // A passer-by may not either
    expect((await h.send("someone", `办结 ${id} 好了`)).text).toContain("无权");

    h.clock.set("2025-10-09T10:00:00+08:00");
    const acc = await h.send("officer-xzsp", `受理　${id.toLowerCase()}`);
    expect(acc.text).toContain("已受理");
    expect(acc.pushes[0].to.userId).toBe("boss-li");

    const rep = await h.send("officer-xzsp", `回复：${id} 已约谈窗口负责人,明日上门为您办理`);
    expect(rep.pushes).toHaveLength(1);
    expect(rep.pushes[0].to).toEqual({ channel: "local", userId: "boss-li" });
    expect(rep.pushes[0].text).toContain("已约谈窗口负责人");

    const st = await h.send("boss-li", `查询 ${id}`);
    expect(st.text).toContain("已答复");
    expect(st.text).toContain("已约谈窗口负责人");
    // Someone else cannot read it
    expect((await h.send("stranger", `查询 ${id}`)).text).toContain("未找到");

    const sup = await h.send("boss-li", `补充 ${id} 办理的是食品经营许可`);
    expect(sup.pushes.map((p) => p.to.userId)).toEqual(["officer-xzsp"]);

    h.clock.set("2025-10-13T10:00:00+08:00");
    const res = await h.send("officer-xzsp", `办结 ${id} 许可证已办结并送达`);
    expect(res.pushes[0].text).toContain(`不满意 ${id}`);
    expect(res.ticket!.deadlines.map((d) => d.kind)).toEqual(["followup"]);

    const bad = await h.send("boss-li", `不满意 ${id}`);
    expect(bad.text).toContain("重新");
    const t = await h.tickets.get(id);
    expect(t!.status).toBe("reopened");
    expect(t!.rating).toBe("unsatisfied");
    const open = t!.deadlines.filter((d) => !d.metAt);
    expect(open.map((d) => `${d.kind}#${d.round}`).sort()).toEqual(["reply#2", "resolve#2"]);
    const hist = await h.tickets.history(id);
    expect(hist.map((e) => e.type)).toEqual(["created", "accepted", "replied", "supplemented", "resolved", "reopened"]);

    // The admin sees it among all open tickets; the officer in his unit's list
    expect((await h.send("admin", "工单列表")).text).toContain(id);
    expect((await h.send("officer-xzsp", "工单列表")).text).toContain(id);
    expect((await h.send("boss-li", "工单列表")).text).toContain("仅限");
  });

  it("makes one ticket of a message delivered twice", async () => {
    h = harness();
    const a = await h.send("u1", "用气报装一个多月没办下来,部门推诿", "wx-123");
    const b = await h.send("u1", "用气报装一个多月没办下来,部门推诿", "wx-123");
    expect(a.ticket!.id).toBe(b.ticket!.id);
    expect(a.ticket!.unit).toBe("住房和城乡建设局");
    expect(b.text).toContain("已登记");
    expect(b.pushes).toHaveLength(0);
    expect(await h.store.list()).toHaveLength(1);
  });

  it("passes questions, thanks and commands-with-complaint-words on", async () => {
    h = harness();
    for (const q of ["怎么投诉?", "投诉多久有答复?", "请问企业开办能一天办完吗?谢谢", "谢谢!"]) {
      const r = await h.send("u2", q);
      expect(r.text).toBe("(passed on)");
    }
    const r = await h.send("u2", "补充 TS20250930-0009 窗口态度差");
    expect(r.intent).toBe("command");
    expect(r.text).toContain("未找到");
    expect(await h.store.list()).toHaveLength(0);
  });

  it("keeps no contact for anonymous complaints and flags real-name reports", async () => {
    h = harness();
    const anon = await h.send("u3", "匿名举报,城管执法乱罚款,电话13812345678");
    const t = await h.tickets.get(anon.ticket!.id);
    expect(t!.anonymous).toBe(true);
    expect(t!.complainant).toBeNull();
    expect(t!.text).not.toContain("13812345678");
    // The anonymous sender can still query it
    expect((await h.send("u3", `查询 ${t!.id}`)).text).toContain("待受理");
    const real = await h.send("u4", "我实名举报:开发区某干部为官不为,我叫王强,");
    const rt = await h.tickets.get(real.ticket!.id);
    expect(rt!.priority).toBe("high");
    expect(rt!.verifyAll).toBe(true);
    expect(real.text).toContain("100%核查");
  });
});
