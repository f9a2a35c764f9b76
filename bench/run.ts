// npm run bench: prints figures; targets are stated beside them, never asserted in unit tests.
import { benchKnowledge } from "./knowledge.ts";

const print = (s: string) => process.stdout.write(`${s}\n`);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);

const suites: [string, (p: typeof print) => Promise<void>][] = [["knowledge", benchKnowledge]];
for (const extra of ["tickets", "reminders", "insights", "startup"]) {
  try {
    const mod = await import(`./${extra}.ts`);
    suites.push([extra, mod.default]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw err;
  }
}
for (const [name, run] of suites) {
  print(`== ${name}`);
  await run(print);
}
clearInterval(sampler);
print(`peak RSS ${(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024).toFixed(0)} MiB`);
process.exit(0);
