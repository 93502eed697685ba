// @ts-check
/**
 * `npm run test:mutation`: mutation testing of the pure engine (worker/domain) against its plain
 * Node unit tests (test/unit). Incremental: a rerun only tests the mutants whose code or tests changed.
 * @type {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export default {
  // Stryker's vitest runner, with test names vitest 5 recognises (see the plugin for why).
  plugins: ["@stryker-mutator/vitest-runner", "./test/mutation/vitest5-test-names.mjs"],
  testRunner: "vitest5",
  vitest: { configFile: "vitest.unit.config.ts" },
  mutate: [
    "worker/domain/**/*.{ts,tsx}",
    // Names only (lists of strings that D1 triggers and the catalogue check test enforce, and a queue message shape): nothing to decide.
    "!worker/domain/catalogue.ts",
    "!worker/domain/email/email-job.ts",
  ],
  // Module-level code (zod schemas, constant tables) runs at import, so each of its mutants needs the
  // whole suite; its rules are the HTTP contract, proven by the Workers tests Stryker cannot run.
  ignoreStatic: true,
  // Two cores shared with the rest of the machine; a generous timeout so that load is not taken for an endless loop.
  concurrency: 2,
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 85, break: null },
};
