// The audit port: who did what, when, from which door. Handlers record through it; the composition
// root supplies the adapter (a JSONL file, mirrored to Redis when configured).

export interface AuditEntry {
  at: string;
  /** "channel:userId" for chat, "http:<name or token>", "cli:<os user>". */
  actor: string;
  channel: string;
  action: string;
  /** false when the actor was not allowed to do it (a forged admin command). */
  allowed: boolean;
  ok?: boolean;
  detail?: Record<string, unknown>;
}

export type AuditInput = Omit<AuditEntry, "at"> & { at?: string };

export interface AuditTrail {
  /** Resolves once the entry is durable. */
  record(input: AuditInput): Promise<AuditEntry>;
}
