import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DASHBOARD_INITIAL_JS_BUDGET, measureDashboardInitialJs } from "../../bench/sizes.mjs";

// The browser tests run against `npm run build`'s output, so its size is checked here too.
describe("the dashboard build", () => {
  it("downloads at most 40 KB of gzipped JS before its first screen (routes are lazy)", () => {
    const measured = measureDashboardInitialJs(join(import.meta.dirname, "../../dist/public"));
    expect(measured.bytes).toBeGreaterThan(0);
    expect(measured.bytes, measured.value).toBeLessThanOrEqual(DASHBOARD_INITIAL_JS_BUDGET);
  });
});
