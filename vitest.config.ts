import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Generous: flow tests drive whole cases through the emulator and must not fail only because the machine is busy.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Flow tests run real bots with their own databases; two workers fit the CI machine's 2 cores.
    pool: "forks",
    maxWorkers: 2,
  },
});
