// `npm start` with no credentials: time from spawn to the first /healthz answer, and the process's
// resident memory at that moment and once idle (V8's memory reducer shrinks the heap after the
// start-up burst of building the knowledge base). Target: idle RSS ≤ 150 MiB.
import { startBot } from "../tests/support/start-bot.ts";

const IDLE_S = 40;
const TARGET_MIB = 150;

export default async function benchStartup(print: (s: string) => void): Promise<void> {
  const bot = await startBot({ ZWB_LOG_LEVEL: "warn" });
  const readyMiB = bot.rssKiB() / 1024;
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const idleMiB = bot.rssKiB() / 1024;
  await bot.stop();
  print(`npm start (dist bundle, no credentials): ready in ${bot.startMs.toFixed(0)} ms; RSS at ready ${readyMiB.toFixed(0)} MiB, after ${IDLE_S} s idle ${idleMiB.toFixed(0)} MiB (target ≤ ${TARGET_MIB} MiB idle) ${idleMiB <= TARGET_MIB ? "[meets target]" : "[ABOVE TARGET]"}`);
}
