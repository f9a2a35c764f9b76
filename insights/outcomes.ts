// The outcomes a person can rate and follow up on: answers, suggestions, refusals and questions asked
// back. Commands, tickets and small talk said in between do not replace the reply being rated.
import type { Outcome } from "../core/message.ts";

export const RATEABLE_OUTCOMES: ReadonlySet<Outcome> = new Set<Outcome>(["answer", "suggest", "refuse", "clarify"]);
