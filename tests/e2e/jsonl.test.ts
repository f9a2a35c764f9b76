// The machine interface used by the scorer: one JSON line out per line in, in order, whatever comes in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { runJsonl } from "../../bot/channels/local/jsonl.ts";
import { startApp, type Running } from "./helpers.ts";

let r: Running;
beforeAll(async () => {
  r = await startApp({ ZWB_STORE: "memory" });
});
afterAll(async () => {
  await r?.close();
});

async function run(lines: string[]): Promise<Record<string, unknown>[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.on("data", (d) => (out += d));
  const done = runJsonl(r.app, input, output);
  input.end(lines.join("\n") + "\n");
  await done;
  return out.trim().split("\n").map((l) => JSON.parse(l));
}

describe("chat --jsonl", () => {
  it("answers each line in order and names what is wrong with a bad line", async () => {
    const out = await run([
      '{"user":"u1","text":"无外线工程的用水报装要几个工作日?"}',
      "not json",
      "[1,2,3]",
      '{"user":{"x":1},"text":"hi"}',
      '{"user":"u1","text":"企业开办多久","channel":"nonsense"}',
      '{"user":"u1","text":"企业开办多久","mentioned":"no"}',
      '{"user":42,"text":"你好"}',
    ]);
    expect(out).toHaveLength(7);
    expect(out[0]).toMatchObject({ intent: "question", grounded: true, ticket: null });
    expect(out[1]).toMatchObject({ error: "invalid_json" });
    expect(out.slice(2, 6).map((o) => [o.error, /user|channel|mentioned|整行/.test(String(o.reply))])).toEqual([
      ["invalid_input", true],
      ["invalid_input", true],
      ["invalid_input", true],
      ["invalid_input", true],
    ]);
    expect(out[6]).toMatchObject({ intent: "other" });
    for (const o of out) expect(Object.keys(o)).toEqual(expect.arrayContaining(["intent", "reply", "grounded", "citations", "ticket", "pushes"]));
  });
});
