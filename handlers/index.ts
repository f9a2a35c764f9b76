// The bot's features, in the order they see a message: attachments first (they wrap the rest, so a
// picture sent with a complaint joins the ticket that complaint just made); then the message is
// understood (once); chat commands (a command is never mistaken for a complaint); feedback on the last
// answer ("没用"); then the router sends it to the feature its understanding names: complaint, the
// complaint process, small talk, or a policy question (curated answers first, then the policy search).
// `createApp` composes exactly this list for `npm start`, the CLI and the tests.
import type { AppFeature } from "./deps.ts";
import { understandFeature } from "./understand.ts";
import { remindersFeature } from "./tasks.ts";
import { adminFeature } from "./admin.ts";
import { ticketsFeature } from "./tickets.ts";
import { feedbackFeature } from "./feedback.ts";
import { attachmentsFeature } from "./attachments.ts";
import { routerFeature } from "./router.ts";

export const FEATURES: readonly AppFeature[] = [attachmentsFeature, understandFeature, remindersFeature, adminFeature, ticketsFeature, feedbackFeature, routerFeature];
