// Where the shipped rule files are, for benches that build the ticket service outside loadConfig.
import { resolve } from "node:path";

export const CONFIG_DIR_OF = (): string => resolve(import.meta.dirname, "../config");
