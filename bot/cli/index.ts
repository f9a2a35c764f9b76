#!/usr/bin/env -S npx tsx
// zwb <command>: chat, ask, kb …, tickets …, reminders …, tasks …
import { Command } from "commander";
import { loadConfigOrExit, type Config } from "../config.ts";
import { createConsoleLogger, createLogger } from "../logger.ts";
import { buildRoot } from "../root/index.ts";
import { createApp } from "../app.ts";
import { runJsonl } from "../channels/local/jsonl.ts";
import { runConsole } from "../channels/local/console.ts";
import { kbCommands, loadKb } from "./kb.ts";
import { ticketCommands } from "./tickets.ts";
import { reminderCommands } from "./reminders.ts";
import { auditCommands } from "./audit.ts";

const config = (): Config => loadConfigOrExit();

const program = new Command("zwb").description("政务帮 command line").showHelpAfterError();

program
  .command("chat")
  .description("interactive console chat; --jsonl for the machine interface")
  .option("--jsonl", "read {user,text} JSON lines on stdin, write one JSON reply per line")
  .option("--user <name>", "who you are in the console", "console-user")
  .action(async (opts: { jsonl?: boolean; user: string }) => {
    const cfg = config();
    // Between chat turns only warnings and errors by default, and readable in the interactive console.
    const level = cfg.ZWB_LOG_LEVEL === "info" ? "warn" : cfg.ZWB_LOG_LEVEL;
    const log = opts.jsonl ? createLogger(level) : createConsoleLogger(level);
    const w = await buildRoot(cfg, log);
    const app = createApp(w.deps);
    if (opts.jsonl) await runJsonl(app, process.stdin, process.stdout);
    else await runConsole(app, w.outbox, opts.user);
    await w.close();
  });

program
  .command("ask <question...>")
  .description("answer one question from the knowledge base")
  .option("--json", "print the answer as JSON")
  .action(async (q: string[], opts: { json?: boolean }) => {
    const cfg = config();
    const kb = await loadKb(cfg);
    const a = await kb.ask(q.join(" "));
    process.stdout.write(opts.json ? `${JSON.stringify(a, null, 2)}\n` : `${a.text}\n`);
  });

kbCommands(program, config);
ticketCommands(program, config);
reminderCommands(program, config);
auditCommands(program, config);

await program.parseAsync(process.argv);
