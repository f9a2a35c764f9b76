// What the admin API's auth middleware hands to every route: who is acting ("console:张三") and how.
import type { Context } from "hono";

export type AdminEnv = { Variables: { actor: string; via: string } };

/** Records one administrative action under the acting administrator. */
export type RecordAction = (c: Context<AdminEnv>, action: string, ok: boolean, detail?: Record<string, unknown>) => Promise<unknown>;
