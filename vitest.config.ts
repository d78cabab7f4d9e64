import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Flow tests run real bots with their own databases; two workers fit the CI machine's 2 cores.
    pool: "forks",
    maxWorkers: 2,
  },
});
