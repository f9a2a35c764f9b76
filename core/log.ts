// The logger interface every floor writes to. The implementation (pino with scrubbing and redaction)
// is chosen by the composition root; domains only see this type.
import pino, { type Logger } from "pino";

export type { Logger };

export const silentLogger = (): Logger => pino({ level: "silent" });
