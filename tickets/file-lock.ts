// A cross-process lock on a local folder: O_EXCL creation of a lock file, with stale-lock takeover,
// so two CLI runs (or the bot and a CLI run) never hand out the same ticket number.
import { openSync, closeSync, writeSync, unlinkSync, statSync, fsyncSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

const STALE_MS = 15_000;

export async function withFileLock<T>(lockPath: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  mkdirSync(dirname(lockPath), { recursive: true });
  const started = Date.now();
  let fd: number | null = null;
  for (let wait = 2; fd === null; wait = Math.min(wait * 2, 50)) {
    try {
      fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      try {
        // A holder that died (kill -9) leaves the file behind; its age tells.
        if (Date.now() - statSync(lockPath).mtimeMs > STALE_MS) unlinkSync(lockPath);
      } catch {
        /* removed by its owner meanwhile */
      }
      if (Date.now() - started > timeoutMs) throw new Error(`could not lock ${lockPath} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  try {
    return await fn();
  } finally {
    closeSync(fd);
    try {
      unlinkSync(lockPath);
    } catch {
      /* already gone */
    }
  }
}

/** Appends one line and forces it to disk before returning: a ticket number given out must survive a crash. */
export function appendDurable(path: string, line: string): void {
  const fd = openSync(path, "a");
  try {
    writeSync(fd, line.endsWith("\n") ? line : line + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
