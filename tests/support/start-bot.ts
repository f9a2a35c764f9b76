// Starts the bot as `npm start` does (the built bundle in dist/) in a child process with a temp data
// folder and a free port, and waits until /healthz answers. For the start-up test and the bench.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createServer, type AddressInfo } from "node:net";

export const PROJECT = resolve(import.meta.dirname, "../..");

export interface StartedBot {
  proc: ChildProcess;
  port: number;
  /** Milliseconds from spawn to the first answer of /healthz. */
  startMs: number;
  stderr: () => string;
  dataDir: string;
  rssKiB(): number;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `npm run build`, once per process. */
let built = false;
export function buildBundle(): void {
  if (built) return;
  execFileSync("npm", ["run", "-s", "build"], { cwd: PROJECT, stdio: "inherit" });
  built = true;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => ok(port));
    });
  });
}

/** `o.port` and `o.dataDir` restart an instance where it was (its data folder is then kept on stop). */
export async function startBot(env: Record<string, string> = {}, o: { port?: number; dataDir?: string } = {}): Promise<StartedBot> {
  buildBundle();
  const port = o.port ?? (await freePort());
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), "zwb-start-"));
  const t0 = performance.now();
  // The same node flags as package.json's start script.
  const proc = spawn(process.execPath, ["--max-semi-space-size=32", "dist/main.js"], {
    cwd: PROJECT,
    env: { PATH: process.env.PATH, ZWB_DATA_DIR: dataDir, ZWB_HTTP_PORT: String(port), ZWB_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  proc.stderr!.on("data", (c) => (err += String(c)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`bot exited with ${proc.exitCode}:\n${err.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`bot did not start in 60 s:\n${err.slice(-2000)}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - t0;
  return {
    proc,
    port,
    startMs,
    stderr: () => err,
    dataDir,
    rssKiB() {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"))?.[1] ?? NaN);
    },
    async stop(signal = "SIGTERM") {
      const code = await new Promise<number | null>((r) => {
        if (proc.exitCode !== null) return r(proc.exitCode);
        proc.once("exit", (c) => r(c));
        proc.kill(signal);
      });
      if (!o.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
