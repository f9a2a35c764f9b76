import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it, expect } from "vitest";
import { FileTicketStore } from "../../tickets/file-store.ts";
import { storeContract, newTicket } from "./store.contract.ts";

let dir = "";
storeContract("embedded files", {
  async open() {
    dir = mkdtempSync(join(tmpdir(), "zwb-store-"));
    return new FileTicketStore(dir);
  },
  async reopen() {
    return new FileTicketStore(dir);
  },
  async cleanup() {
    rmSync(dir, { recursive: true, force: true });
  },
});

it("survives a reload from disk, including after compaction", async () => {
  const d = mkdtempSync(join(tmpdir(), "zwb-store-"));
  try {
    const s = new FileTicketStore(d, 3);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await s.create(newTicket())).ticket.id);
    expect(existsSync(join(d, "tickets.snapshot.json"))).toBe(true);
    const fresh = new FileTicketStore(d);
    expect((await fresh.list()).map((t) => t.id)).toEqual(ids);
    expect((await fresh.history(ids[0])).map((e) => e.type)).toEqual(["created"]);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
