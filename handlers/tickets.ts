// Tickets: explicit commands, officers' and complainants', before anything is routed by meaning, so
// "回复 TS… 已处理" from an officer is never ticketed as a new complaint.
import type { AppFeature } from "./deps.ts";
import { officerCommands } from "./officer.ts";
import { complainantCommands } from "./complainant.ts";

export const ticketsFeature: AppFeature = (app) => app.use(officerCommands(), complainantCommands());
