// npm run soak: complaints and questions at concurrency C against two bot instances (the bundle
// `npm start` runs) on one Redis of its own, while Redis is killed and restarted, frozen (SIGSTOP) and
// thawed, and one instance is killed (SIGKILL) and restarted on its data folder. A client that gets no
// answer retries on the other instance with the same message id, as a channel redelivers. At the end
// every complaint the client was given a number for is looked up in Redis under that number:
//   lost = given a number but not stored; duplicated = one sender's complaint stored twice;
//   misrouted = the number leads to someone else's complaint.
// Bounded: N complaints (default 2000), M questions (default 1000), 127.0.0.1 only, a few minutes.
//   npm run soak -- [--complaints N] [--questions M] [--concurrency C]
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { startBot, type StartedBot } from "../tests/support/start-bot.ts";
import { OwnRedis, freePort, until } from "../tests/support/own-redis.ts";
import { pct } from "./knowledge.ts";

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg("complaints", 2000);
const M = arg("questions", 1000);
const C = arg("concurrency", 32);
const PREFIX = "soak:";

const COMPLAINTS = [
  "我要投诉,用气报装一个多月没办下来,部门推诿",
  "我要投诉,窗口工作人员态度很差,让我来回跑了三趟",
  "举报:执法检查一个月上门五次,影响正常生产经营",
  "我要投诉,招商引资时承诺的奖励迟迟没有兑现",
];
const QUESTIONS = ["无外线工程的用水报装要几个工作日？", "企业开办多长时间能办结？", "不动产登记多长时间办结？"];

const print = (s: string) => process.stdout.write(`${s}\n`);
const t0 = Date.now();
const at = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const events: string[] = [];
const event = (s: string) => {
  events.push(`${at()} ${s}`);
  print(`  [${at()}] ${s}`);
};

interface Bot {
  name: string;
  port: number;
  dataDir: string;
  proc: StartedBot | null;
}

// As the README's production section says to run it: AOF, fsync'd on every write, so a killed Redis
// keeps every ticket it confirmed.
const redis = await OwnRedis.start(["--appendonly", "yes", "--appendfsync", "always"]);
const env = {
  ZWB_STORE: "redis",
  REDIS_URL: redis.url,
  ZWB_REDIS_PREFIX: PREFIX,
  ZWB_REDIS_TIMEOUT_MS: "1000",
  ZWB_RATE_LIMIT_PER_MINUTE: "1000000",
  ZWB_ID_SALT: randomBytes(16).toString("hex"),
  ZWB_LOG_LEVEL: "error",
};
const bots: Bot[] = [];
for (const name of ["A", "B"]) {
  const dataDir = mkdtempSync(join(tmpdir(), `zwb-soak-${name}-`));
  const port = await freePort();
  const proc = await startBot(env, { port, dataDir });
  bots.push({ name, port, dataDir, proc });
}
print(`soak: ${N} complaints + ${M} questions at concurrency ${C}, two instances (ports ${bots.map((b) => b.port).join(", ")}), Redis ${redis.url}`);

interface Sent {
  user: string;
  messageId: string;
  ticket: string | null;
  ms: number;
  tries: number;
}
const complaints: Sent[] = [];
const questionMs: number[] = [];
let questionsAnswered = 0;
let retries = 0;

/** One message, retried on the other instance (same message id) until some instance answers. */
async function send(user: string, text: string, messageId: string, first: number): Promise<{ body: { reply: string; ticket: { id: string } | null }; tries: number }> {
  for (let tries = 1; ; tries++) {
    const bot = bots[(first + tries - 1) % bots.length];
    try {
      const r = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user, text, messageId }),
        signal: AbortSignal.timeout(15_000),
      });
      if (r.status === 200) return { body: (await r.json()) as { reply: string; ticket: { id: string } | null }, tries };
    } catch {
      /* that instance is down or cut us off: try the other */
    }
    retries++;
    if (tries > 200) throw new Error(`no instance answered ${messageId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function load(): Promise<void> {
  const jobs = [...Array.from({ length: N }, (_, i) => ({ kind: "c" as const, i })), ...Array.from({ length: M }, (_, i) => ({ kind: "q" as const, i }))];
  // Interleaved, so questions and complaints meet every fault.
  jobs.sort((a, b) => (a.kind === "c" ? a.i / N : a.i / M) - (b.kind === "c" ? b.i / N : b.i / M));
  let next = 0;
  await Promise.all(
    Array.from({ length: C }, async (_, w) => {
      for (let k = next++; k < jobs.length; k = next++) {
        const j = jobs[k];
        const started = performance.now();
        if (j.kind === "c") {
          const user = `ent-${j.i}`;
          const messageId = `soak-c-${j.i}`;
          const r = await send(user, `${COMPLAINTS[j.i % COMPLAINTS.length]}(编号${j.i})`, messageId, w);
          complaints.push({ user, messageId, ticket: r.body.ticket?.id ?? null, ms: performance.now() - started, tries: r.tries });
        } else {
          const r = await send(`asker-${j.i % 50}`, QUESTIONS[j.i % QUESTIONS.length], `soak-q-${j.i}`, w);
          questionMs.push(performance.now() - started);
          if (r.body.reply.length > 10) questionsAnswered++;
        }
        // Spread over the fault schedule rather than finishing before it.
        await new Promise((r) => setTimeout(r, 8));
      }
    }),
  );
}

async function chaos(): Promise<void> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await sleep(2000);
  event("Redis killed (SIGKILL)");
  await redis.stop("SIGKILL");
  await sleep(3000);
  await redis.up();
  event("Redis restarted (loads its AOF)");
  await sleep(3000);
  event("Redis frozen (SIGSTOP)");
  redis.freeze();
  await sleep(3000);
  redis.thaw();
  event("Redis thawed (SIGCONT)");
  await sleep(2000);
  const b = bots[1];
  event("instance B killed (SIGKILL)");
  await b.proc!.stop("SIGKILL");
  b.proc = null;
  await sleep(2000);
  b.proc = await startBot(env, { port: b.port, dataDir: b.dataDir });
  event("instance B restarted on its data folder");
}

const loadDone = load();
await chaos();
await loadDone;
event("load finished; waiting for the journals to drain");

// Every journal empty on both instances.
await until(async () => {
  const pend = await Promise.all(bots.map((b) => fetch(`http://127.0.0.1:${b.port}/healthz`).then((r) => r.json() as Promise<{ journal: { pending: number } | null }>)));
  return pend.every((p) => (p.journal?.pending ?? 0) === 0);
}, "journals to drain", 120_000);
event("journals drained");

// The verdict, read straight from Redis.
const client = createClient({ url: redis.url });
await client.connect();
const resolve = async (id: string): Promise<Record<string, string> | null> => {
  const h = await client.hGetAll(`${PREFIX}t:${id}`);
  if (h.json) return h;
  const alias = await client.get(`${PREFIX}alias:${id}`);
  if (!alias) return null;
  const a = await client.hGetAll(`${PREFIX}t:${alias}`);
  return a.json ? a : null;
};
let accepted = 0;
let stored = 0;
let lost = 0;
let misrouted = 0;
for (const c of complaints) {
  if (!c.ticket) continue;
  accepted++;
  const h = await resolve(c.ticket);
  if (!h) {
    lost++;
    continue;
  }
  stored++;
  const t = JSON.parse(h.json) as { complainant: { userId: string } | null };
  if (t.complainant?.userId !== c.user) misrouted++;
}
const perUser = new Map<string, number>();
for (const id of await client.zRange(`${PREFIX}all`, 0, -1)) {
  const h = await client.hGet(`${PREFIX}t:${id}`, "json");
  const u = h ? (JSON.parse(h) as { complainant: { userId: string } | null }).complainant?.userId : undefined;
  if (u) perUser.set(u, (perUser.get(u) ?? 0) + 1);
}
const duplicated = [...perUser.values()].filter((n) => n > 1).length;
const journaledNumbers = complaints.filter((c) => c.ticket && /-J[A-Z]{3}\d{4}$/.test(c.ticket)).length;
const cms = complaints.map((c) => c.ms);
print("");
print(`sent ${N + M} (complaints ${N}, questions ${M}); client retries on the other instance: ${retries}`);
print(`complaints: sent ${N}, accepted ${accepted} (${journaledNumbers} with a journal number), stored ${stored}, lost ${lost}, duplicated ${duplicated}, misrouted ${misrouted}`);
print(`questions: answered ${questionsAnswered} of ${M}`);
print(`latency complaints p50 ${pct(cms, 50).toFixed(0)} ms, p95 ${pct(cms, 95).toFixed(0)} ms, p99 ${pct(cms, 99).toFixed(0)} ms, max ${Math.max(...cms).toFixed(0)} ms`);
print(`latency questions  p50 ${pct(questionMs, 50).toFixed(0)} ms, p95 ${pct(questionMs, 95).toFixed(0)} ms, p99 ${pct(questionMs, 99).toFixed(0)} ms`);
print(`faults: ${events.join("; ")}`);
const ok = lost === 0 && duplicated === 0 && misrouted === 0 && accepted === N;
print(ok ? "RESULT: lost = duplicated = misrouted = 0" : "RESULT: FAILED");

await client.close();
for (const b of bots) await b.proc?.stop();
for (const b of bots) rmSync(b.dataDir, { recursive: true, force: true });
await redis.destroy();
process.exit(ok ? 0 : 1);
