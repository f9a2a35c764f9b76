// Interactive console chat: the quickest way to try the bot with no credentials.
import { createInterface } from "node:readline/promises";
import type { App } from "../../app.ts";
import type { LocalOutbox } from "./outbox.ts";

export async function runConsole(app: App, outbox: LocalOutbox, user = "console-user"): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  let n = 0;
  // Message ids must differ between sessions: the store remembers ids to drop redeliveries.
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  let who = user;
  process.stdout.write("政务帮本地对话（输入“帮助”查看功能，“/as 用户名”切换身份，Ctrl+D 退出）\n");
  for (;;) {
    let line: string;
    try {
      line = await rl.question(`${who}> `);
    } catch {
      break;
    }
    const as = /^\/as\s+(\S+)/.exec(line);
    if (as) {
      who = as[1];
      continue;
    }
    const reply = await app.handle({
      channel: "local",
      messageId: `console-${runId}-${++n}`,
      userId: who,
      text: line,
      mentioned: true,
      receivedAt: app.deps.clock.now(),
    });
    if (reply?.text) process.stdout.write(`政务帮: ${reply.text}\n`);
    for (const p of outbox.drain()) process.stdout.write(`[推送 → ${p.to.userId}] ${p.text}\n`);
  }
  rl.close();
}
