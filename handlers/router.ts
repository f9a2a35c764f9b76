// The router: after the commands (tasks, admin, tickets), the message goes to the one feature its
// understanding names (grammY's `route`); nothing re-reads the text to decide. Whatever no feature
// claims is searched in the policies.
import { route } from "../core/context.ts";
import type { Intention } from "../core/understanding.ts";
import type { AppFeature, AppMiddleware } from "./deps.ts";
import { complaint, maybeComplaint } from "./complaint.ts";
import { processAnswer } from "./process.ts";
import { smalltalk } from "./smalltalk.ts";
import { question } from "./question.ts";
import { understandingOf } from "./understand.ts";

export const HANDLERS: Partial<Record<Intention, AppMiddleware>> = {
  complaint: complaint(),
  maybe_complaint: maybeComplaint(),
  process: processAnswer(),
  smalltalk: smalltalk(),
  meta: question(),
  question: question(),
};

export const routerFeature: AppFeature = (app) => app.use(route((ctx) => understandingOf(ctx).intent, HANDLERS), question());
