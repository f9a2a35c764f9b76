// Who the HTTP door's users are is whatever the caller writes in the body: any client can claim to be
// "admin1". Unless an authenticating gateway stands in front (ZWB_HTTP_TRUSTED_IDS=true), an entry of
// ZWB_ADMIN_IDS grants nothing over HTTP: "http:x" entries are dropped and "*:x" means every other door.
import type { Logger } from "../../core/log.ts";
import { CHANNELS } from "../../core/message.ts";
import type { Config } from "../config.ts";

export function adminIdsFor(config: Pick<Config, "ZWB_ADMIN_IDS" | "ZWB_HTTP_TRUSTED_IDS">, log?: Logger): string[] {
  if (config.ZWB_HTTP_TRUSTED_IDS) return [...config.ZWB_ADMIN_IDS];
  const out: string[] = [];
  for (const id of config.ZWB_ADMIN_IDS) {
    const [channel, ...rest] = id.split(":");
    const user = rest.join(":");
    if (channel === "http") {
      log?.warn({ id }, "ZWB_ADMIN_IDS entry on the http door ignored: HTTP user ids are self-asserted (set ZWB_HTTP_TRUSTED_IDS=true behind an authenticating gateway)");
      continue;
    }
    if (channel === "*") out.push(...CHANNELS.filter((c) => c !== "http").map((c) => `${c}:${user}`));
    else out.push(id);
  }
  return out;
}
