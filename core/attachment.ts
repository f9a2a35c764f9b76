// Downloads that cannot flood memory: doors fetch pictures and files users send with this, so a
// hostile or broken platform URL can never make the bot read more than the caller allows.

/** An attachment larger than the deployment accepts; its bytes were never kept. */
export class AttachmentTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`attachment larger than ${limit} bytes`);
    this.name = "AttachmentTooLargeError";
  }
}

/** The platform would not hand the file over (expired link, HTTP error, decryption failure). */
export class AttachmentUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AttachmentUnavailableError";
  }
}

export interface BoundedFetchOptions {
  maxBytes: number;
  timeoutMs?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** GETs (or POSTs) a URL and returns its body, stopping as soon as it passes maxBytes. */
export async function fetchBounded(url: string, o: BoundedFetchOptions): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { method: o.method ?? "GET", headers: o.headers, body: o.body, signal: AbortSignal.timeout(o.timeoutMs ?? 30_000) });
  } catch (err) {
    throw new AttachmentUnavailableError(`download failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new AttachmentUnavailableError(`download failed: HTTP ${res.status}`);
  }
  const announced = Number(res.headers.get("content-length") ?? NaN);
  if (Number.isFinite(announced) && announced > o.maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new AttachmentTooLargeError(o.maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > o.maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AttachmentTooLargeError(o.maxBytes);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
