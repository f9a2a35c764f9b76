// What people type, read one way: full-width letters, digits and punctuation folded (core/text.ts),
// Traditional characters turned into Simplified (OpenCC through opencc-js: 企業開辦 → 企业开办).
// Characters only, not Taiwan phrases: the phrase table would turn mainland words that happen to be
// Taiwan usage too (效能 → 性能) into others. Every phrase table and the retrieval see this form.
import * as OpenCC from "opencc-js/t2cn";
import { foldWidth } from "../core/text.ts";

let convert: ((s: string) => string) | undefined;
function converter(): (s: string) => string {
  convert ??= OpenCC.Converter({ from: "t", to: "cn" }) as (s: string) => string;
  return convert;
}

// Characters that never change: most messages are already Simplified, and skipping the converter
// for them keeps a message's cost at a scan.
const MAYBE_TRADITIONAL = /[\u3400-\u9fff]/;

/** Traditional → Simplified, character by character (with OpenCC's word-level disambiguation). */
export function toSimplified(s: string): string {
  if (!MAYBE_TRADITIONAL.test(s)) return s;
  return converter()(s);
}

/** The one reading of a chat message: half-width, Simplified, whitespace collapsed. */
export function readMessage(text: string): string {
  return toSimplified(foldWidth(text ?? ""));
}
