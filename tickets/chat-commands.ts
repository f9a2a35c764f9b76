// The one place where chat commands about tickets are parsed, for officers and complainants alike.
// People type on phones: full-width letters, digits and spaces, "：" after the verb, lower-case ids
// (folded by foldWidth).
import { foldWidth } from "../core/text.ts";

export type TicketCommand =
  | { verb: "accept"; id: string }
  | { verb: "reply"; id: string; text: string }
  | { verb: "transfer"; id: string; unit: string }
  | { verb: "resolve"; id: string; text: string }
  | { verb: "followup"; id: string; text: string }
  | { verb: "list" }
  | { verb: "overdue" }
  | { verb: "status"; id: string }
  | { verb: "supplement"; id: string; text: string }
  | { verb: "rate"; id: string; satisfied: boolean };

export const OFFICER_VERBS = new Set<TicketCommand["verb"]>(["accept", "reply", "transfer", "resolve", "followup", "list", "overdue"]);
export const COMPLAINANT_VERBS = new Set<TicketCommand["verb"]>(["status", "supplement", "rate"]);

const VERBS: [RegExp, TicketCommand["verb"] | "satisfied" | "unsatisfied", "id" | "id+text"][] = [
  [/^受理/, "accept", "id"],
  [/^(?:回复|答复)/, "reply", "id+text"],
  [/^(?:转办|转交)/, "transfer", "id+text"],
  [/^办结/, "resolve", "id+text"],
  [/^回访/, "followup", "id+text"],
  [/^(?:查询|查看|进度)/, "status", "id"],
  [/^补充/, "supplement", "id+text"],
  [/^不满意/, "unsatisfied", "id"],
  [/^满意/, "satisfied", "id"],
];

// Journal numbers carry the instance's tag (TS20261125-JKQM0001).
const ID = /^(TS\d{8}-[A-Z]{0,4}\d{4,})(?=$|[\s,,::;。])/;

/** Parses "受理 TS20251125-0001", "回复：ts20251125-0001 已联系…", "工单列表"; null when it is no command. */
export function parseCommand(input: string): TicketCommand | null {
  // The pipeline has already taken the bot's own @-name off (core/text.ts stripSelfMention).
  const text = foldWidth(input);
  if (/^(?:工单列表|全部工单|列表)$/.test(text)) return { verb: "list" };
  if (/^(?:超期工单|超期|逾期工单)$/.test(text)) return { verb: "overdue" };
  for (const [re, verb, shape] of VERBS) {
    const m = re.exec(text);
    if (!m) continue;
    const rest = text.slice(m[0].length).replace(/^[\s::,,]+/, "");
    const idm = ID.exec(rest.toUpperCase());
    if (!idm) return null;
    const id = idm[1];
    const tail = rest.slice(id.length).replace(/^[\s::,,;]+/, "").trim();
    if (verb === "satisfied" || verb === "unsatisfied") return { verb: "rate", id, satisfied: verb === "satisfied" };
    if (shape === "id") return { verb, id } as TicketCommand;
    if (verb === "transfer") return { verb, id, unit: tail };
    return { verb, id, text: tail } as TicketCommand;
  }
  return null;
}

/** A ticket number anywhere in a message, e.g. someone pasting it without a verb. */
export function findTicketId(input: string): string | null {
  const m = /TS\d{8}-[A-Z]{0,4}\d{4,}/.exec(foldWidth(input).toUpperCase());
  return m ? m[0] : null;
}
