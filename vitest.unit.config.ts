import { defineConfig } from "vitest/config";

/**
 * The pure engine's tests alone, in plain Node: what `npm run test:mutation` runs under Stryker,
 * which cannot drive the Workers pool of vitest.config.ts.
 */
export default defineConfig({
  test: { include: ["test/unit/**/*.test.ts"], environment: "node" },
});
