// The bot's features, in the order they see a message: commands before complaint detection (a
// command is never mistaken for a complaint), complaints before feedback on the last answer ("没用"),
// feedback before small talk, curated answers (ZWB_KB_DIR/faq/) just before the policy search, questions last.
// `createApp` composes exactly this list for `npm start`, the CLI and the tests.
import type { AppFeature } from "./deps.ts";
import { remindersFeature } from "./tasks.ts";
import { adminFeature } from "./admin.ts";
import { ticketsFeature } from "./tickets.ts";
import { smalltalkFeature } from "./smalltalk.ts";
import { feedbackFeature } from "./feedback.ts";
import { faqFeature } from "./faq.ts";
import { questionFeature } from "./question.ts";
import { attachmentsFeature } from "./attachments.ts";

// Attachments come first: they wrap the rest, so a picture sent with a complaint joins the ticket
// that complaint just made.
export const FEATURES: readonly AppFeature[] = [attachmentsFeature, remindersFeature, adminFeature, ticketsFeature, feedbackFeature, smalltalkFeature, faqFeature, questionFeature];
