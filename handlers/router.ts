// The router: after the commands (tasks, admin, tickets), the message goes to the one feature its
// understanding names (grammY's `route`); nothing re-reads the text to decide. Whatever no feature
// claims is searched in the policies.
import { compose, route } from "../core/context.ts";
import type { Intention } from "../core/understanding.ts";
import type { AppFeature, AppMiddleware, Deps } from "./deps.ts";
import { curatedAnswers } from "./faq.ts";
import { complaint, maybeComplaint } from "./complaint.ts";
import { processAnswer } from "./process.ts";
import { smalltalk } from "./smalltalk.ts";
import { question } from "./question.ts";
import { understandingOf } from "./understand.ts";

// A policy question meets the administrators' curated answers (ZWB_KB_DIR/faq/) before the search.
const policyQuestion = compose<Deps>(curatedAnswers(), question());

export const HANDLERS: Partial<Record<Intention, AppMiddleware>> = {
  complaint: complaint(),
  maybe_complaint: maybeComplaint(),
  process: processAnswer(),
  smalltalk: smalltalk(),
  meta: question(),
  question: policyQuestion,
};

export const routerFeature: AppFeature = (app) => app.use(route((ctx) => understandingOf(ctx).intent, HANDLERS), policyQuestion);
