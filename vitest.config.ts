import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Starts a private redis-server when none answers at REDIS_URL (default 127.0.0.1:6379).
    globalSetup: ["./tests/setup/redis.ts"],
    // Two cores here and in CI; Redis-backed suites use their own key prefixes.
    maxWorkers: 2,
    reporters: ["default", "./tests/summary-reporter.ts"],
  },
});
