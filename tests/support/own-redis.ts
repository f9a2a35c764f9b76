// A redis-server of the test's own, on a free port in a temp folder, for tests that stop, freeze
// (SIGSTOP), kill or fill Redis: the shared one is never touched. Restarts keep the port and folder.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
    s.on("error", rej);
  });
}

export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect(port, "127.0.0.1");
    sock.once("connect", () => (sock.destroy(), res(true)));
    sock.once("error", () => res(false));
  });
}

export class OwnRedis {
  private proc: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), "zwb-own-redis-"));

  private constructor(readonly port: number) {}

  /** The extra options of the last start, used again by a restart without options. */
  private args: string[] = [];

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Starts on a free port; `args` are extra redis-server options (e.g. ["--appendonly", "yes"]). */
  static async start(args: string[] = []): Promise<OwnRedis> {
    const r = new OwnRedis(await freePort());
    await r.up(args);
    return r;
  }

  /** (Re)starts on the same port and folder; waits until it accepts connections (it may still be loading). */
  async up(args: string[] = this.args): Promise<void> {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) return;
    this.args = args;
    const base = ["--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir, "--save", "", "--appendonly", "no"];
    const p = spawn("redis-server", [...base, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    this.proc = p;
    let out = "";
    p.stdout!.on("data", (c) => (out += c));
    p.stderr!.on("data", (c) => (out += c));
    this.log = () => out;
    // Listening, not necessarily done loading: a test of LOADING wants exactly this moment.
    await until(async () => p.exitCode !== null || (await accepts(this.port)), "redis-server to listen");
    if (p.exitCode !== null) throw new Error(`redis-server exited: ${out.slice(-500)}`);
  }

  log: () => string = () => "";

  private signal(sig: NodeJS.Signals): void {
    this.proc?.kill(sig);
  }

  /** SIGSTOP: the process lives, its sockets stay open, nothing is answered. */
  freeze(): void {
    this.signal("SIGSTOP");
  }

  thaw(): void {
    this.signal("SIGCONT");
  }

  /** Ends it (SIGTERM by default, SIGKILL for a crash) and waits for the exit. */
  async stop(sig: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((r) => p.once("exit", r));
    if (p.signalCode === null) p.kill("SIGCONT");
    p.kill(sig);
    await gone;
  }

  async destroy(): Promise<void> {
    await this.stop("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }
}
