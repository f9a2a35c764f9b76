// What /healthz reports. Liveness is the process answering; readiness is being able to serve: the
// knowledge base loaded and complaints taken (by Redis, or by the journal while Redis is away). Redis
// is really asked (a keyed read with a 1 s cap), so a frozen or loading Redis shows as down.
import type { Root } from "../root/index.ts";
import type { Deps } from "../../handlers/deps.ts";

export interface HealthReport {
  ok: true;
  ready: boolean;
  /** ok: all parts up; degraded: serving, with Redis away (complaints journaled); unready: cannot serve. */
  status: "ok" | "degraded" | "unready";
  kbVersion: string | null;
  store: string;
  llm: boolean;
  redis: Record<string, unknown> | null;
  journal: { pending: number } | null;
  kbSync: unknown;
  [k: string]: unknown;
}

const capped = <T>(p: Promise<T>, ms: number, fallback: T): Promise<T> =>
  Promise.race([p, new Promise<T>((r) => setTimeout(() => r(fallback), ms).unref())]);

export async function healthReport(root: Root, deps: Deps, extra?: () => Record<string, unknown>): Promise<HealthReport> {
  const h = root.redisHealth;
  const ping = h ? await capped(h.ping(), 1000, { ok: false, ms: 1000, error: "no answer within 1 s" }) : null;
  const journal = root.journalPending ? { pending: root.journalPending() } : null;
  const kbLoaded = deps.kb.version !== null;
  const redisUp = ping ? ping.ok : true;
  const ready = kbLoaded;
  const status = !ready ? "unready" : redisUp ? "ok" : "degraded";
  const more = extra?.() ?? {};
  return {
    ok: true,
    ready,
    status,
    kbVersion: deps.kb.version,
    // Liveness stays ok while a broken knowledge file is skipped; `kb.problems` names it.
    kb: deps.kb.status(),
    store: root.config.store,
    llm: Boolean(deps.llm),
    redis: h
      ? {
          up: redisUp,
          pingMs: ping?.ms ?? null,
          error: ping?.ok ? null : (ping?.error ?? null),
          since: h.state().since,
          durability: root.durability,
        }
      : null,
    journal,
    ...more,
    kbSync: root.kbSync?.state() ?? more.kbSync ?? null,
  };
}
