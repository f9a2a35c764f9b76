// The bot's features, in the order they see a message: the message is understood first (once), then
// chat commands (a command is never mistaken for a complaint), then the router sends it to the
// feature its understanding names: complaint, the complaint process, small talk, or a policy question.
// `createApp` composes exactly this list for `npm start`, the CLI and the tests.
import type { AppFeature } from "./deps.ts";
import { understandFeature } from "./understand.ts";
import { remindersFeature } from "./tasks.ts";
import { adminFeature } from "./admin.ts";
import { ticketsFeature } from "./tickets.ts";
import { routerFeature } from "./router.ts";

export const FEATURES: readonly AppFeature[] = [understandFeature, remindersFeature, adminFeature, ticketsFeature, routerFeature];
