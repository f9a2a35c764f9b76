// WeCom's callback cryptography, through WeCom's own library (@wecom/crypto): the SHA-1 signature
// over token, timestamp, nonce and ciphertext, and the AES-256-CBC envelope (random, length,
// message, receiveid). For the 智能机器人 the receiveid is the empty string.
import { createDecipheriv, randomBytes, timingSafeEqual } from "node:crypto";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";

export class WeComCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WeComCryptoError";
  }
}

/** Constant-time comparison of two hex signatures. */
export function signatureMatches(token: string, signature: string, timestamp: string, nonce: string, encrypted: string): boolean {
  const want = Buffer.from(getSignature(token, timestamp, nonce, encrypted), "utf8");
  const got = Buffer.from(signature, "utf8");
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Decrypts a callback envelope and checks it was made for a 智能机器人 (receiveid ""). */
export function openEnvelope(aesKey: string, encrypted: string, receiveId = ""): string {
  let out: { message: string; id: string };
  try {
    out = decrypt(aesKey, encrypted);
  } catch (err) {
    throw new WeComCryptoError(`undecryptable callback: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (out.id !== receiveId) throw new WeComCryptoError("callback made for another receiver");
  return out.message;
}

/** A passive reply as WeCom wants it back: the encrypted message with its own signature. */
export function sealReply(token: string, aesKey: string, plaintext: string, timestamp = String(Math.floor(Date.now() / 1000)), nonce = randomBytes(8).toString("hex")) {
  const enc = encrypt(aesKey, plaintext, "");
  return { encrypt: enc, msgsignature: getSignature(token, timestamp, nonce, enc), timestamp, nonce };
}

/**
 * Pictures and files of a 智能机器人 callback are served encrypted with the same key (AES-256-CBC,
 * IV = the key's first 16 bytes, PKCS#7 padding to 32 bytes), without the envelope around them.
 * Decrypted with Node's AES; the key is decoded the way @wecom/crypto decodes it.
 */
export function decryptMedia(aesKeyOrBase64: string, data: Buffer): Buffer {
  const key = Buffer.from(aesKeyOrBase64.length === 43 ? `${aesKeyOrBase64}=` : aesKeyOrBase64, "base64");
  if (key.length !== 32) throw new WeComCryptoError("invalid media key");
  if (data.length === 0 || data.length % 16 !== 0) throw new WeComCryptoError("media is not AES-CBC ciphertext");
  const d = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
  d.setAutoPadding(false);
  const plain = Buffer.concat([d.update(data), d.final()]);
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > 32 || pad > plain.length) throw new WeComCryptoError("bad media padding");
  return plain.subarray(0, plain.length - pad);
}
