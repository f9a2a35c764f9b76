import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Two cores here and in CI; Redis-backed suites use their own key prefixes.
    maxWorkers: 2,
    reporters: ["default", "./tests/summary-reporter.ts"],
  },
});
