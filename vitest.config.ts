import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // vitest's default is one worker fewer than the cores: ONE on CI's 2 cores, which leaves a
    // core idle while a suite waits on Synapse, Chromium or PostgreSQL. At least two.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The run's shared Synapse, started on the first suite's request (test/support/use-synapse.ts).
    globalSetup: ["./test/support/shared-synapse.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
