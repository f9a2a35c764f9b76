// A feature is a function of the app and its dependencies (Probot's app-function): it registers its
// chat handlers and its background work, and nothing else decides what the bot does. The same feature
// list is composed for `npm start`, the CLI and the tests.
import type { Middleware } from "./context.ts";

/** Background work a feature runs while the bot is up (a scheduler, a sync loop). */
export interface BackgroundJob {
  name: string;
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface AppBuilder<D> {
  /** Adds chat handlers, in order: earlier ones see a message first. */
  use(...mws: Middleware<D>[]): void;
  /** Adds background work, started by `app.start()` and stopped by `app.stop()`. */
  background(job: BackgroundJob): void;
}

export type Feature<D> = (app: AppBuilder<D>, deps: D) => void;
