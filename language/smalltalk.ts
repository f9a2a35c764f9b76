// Small talk is a whole message of it: greetings, thanks, praise, "what can you do", asking for a
// person. The message with those phrases, the bot's name, forms of address, intensifiers, particles
// and punctuation taken out must be empty — "谢谢，不过材料还是没批" is not small talk.
import type { Signal, SmalltalkKind } from "../core/understanding.ts";
import { LEXICON } from "./lexicon/index.ts";

// What may surround small talk without making it anything else.
const FILLER =
  /政务帮|小助手|机器人|同志|老师|领导|你们|您们|你|您|我们|我|大家|非常|十分|特别|真的|真是|真|太|很|挺|好多|一下|一个|个|的|了|啊|呀|哈|呢|吧|啦|嘛|哦|噢|嗯|呐|哟|~|～|[\s\p{P}\p{S}]/gu;

export interface SmalltalkReading {
  kind: SmalltalkKind;
  signals: Signal[];
}

/** The kind of small talk the whole message is, or null. */
export function readSmalltalk(text: string): SmalltalkReading | null {
  const t = text.trim();
  if (!t || t.length > 40) return null;
  const hits = LEXICON.smalltalk.matchAll(t);
  if (!hits.length) return null;
  let rest = t;
  for (const { entry } of hits)
    for (const p of [...(entry.patterns ?? []), ...(entry.terms ?? [])]) rest = rest.replace(new RegExp(p, "g"), "");
  rest = rest.replace(FILLER, "");
  if (rest.length > 0) return null;
  const top = [...hits].sort((a, b) => b.entry.weight - a.entry.weight)[0];
  return {
    kind: top.entry.role as SmalltalkKind,
    signals: hits.map(({ entry, match }) => ({ table: "smalltalk", id: entry.id, weight: entry.weight, match, role: entry.role })),
  };
}
