// vitest globalSetup: the Redis-backed tests need a Redis. If none answers at REDIS_URL (default
// redis://127.0.0.1:6379), start a private redis-server on a free port in a temp dir, without
// persistence, and point REDIS_URL at it for the test workers (forked after this runs, they
// inherit process.env). Stopped at teardown.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { DEFAULT_REDIS_URL } from "../support/redis-url.ts";

async function answers(url: string): Promise<boolean> {
  const c = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  c.on("error", () => undefined);
  try {
    await c.connect();
    return (await c.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    if (c.isOpen) c.destroy();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export default async function setup(): Promise<(() => Promise<void>) | void> {
  const wanted = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  if (await answers(wanted)) return;

  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "zwb-test-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
  const server: ChildProcess = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    server.once("error", () => (clearTimeout(timer), resolve(false)));
    server.once("exit", () => (clearTimeout(timer), resolve(false)));
    const check = () => {
      if (output.includes("Ready to accept connections")) (clearTimeout(timer), resolve(true));
    };
    server.stdout?.on("data", check);
  });
  if (!started) {
    server.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    process.stderr.write(
      `[tests/setup/redis] no Redis answers at ${wanted} and redis-server could not be started ` +
        `(install the redis-server package); the Redis-backed tests will fail.\n${output}\n`,
    );
    return;
  }
  const url = `redis://127.0.0.1:${port}`;
  process.env.REDIS_URL = url;
  process.stderr.write(`[tests/setup/redis] no Redis at ${wanted}; started a private redis-server at ${url}\n`);

  return async () => {
    const running = () => server.exitCode === null && server.signalCode === null;
    if (running()) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (running()) server.kill("SIGKILL");
    }
    await rm(dir, { recursive: true, force: true });
  };
}
