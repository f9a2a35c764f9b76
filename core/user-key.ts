// The one pseudonymous key of a person: an HMAC of "channel:userId" under a secret (ZWB_ID_SALT or
// the key kept in the data folder). Tickets keep it as the complainant key; the question log keeps
// it instead of the user id, so a log leaked alone names nobody and cannot be matched against a
// list of known member ids without the secret.
import { createHmac } from "node:crypto";

export function userKey(secret: string, channel: string, userId: string): string {
  return createHmac("sha256", secret).update(`${channel}:${userId}`).digest("hex");
}
