import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { FAKE_RESEND_KEY } from "./test/fakes/global-setup";

/** Fixed test secret for Resend's Svix-signed webhooks (base64 after `whsec_`). */
export const TEST_RESEND_WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest(({ inject }) => ({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  REVA_ENV: "test",
                  // Two shards (wrangler.toml's D1_SHARDS); new stores land on DB, where the tests read
                  // their rows. test/shards.test.ts puts stores on DB_SHARD_2 and checks every path there.
                  D1_SHARDS_FOR_NEW_STORES: "DB",
                  // The tests fake the clock and run alarms themselves; a woken-early object would wait in real time.
                  ALARM_WAKE_LEAD_MS: "0",
                  TEST_MIGRATIONS: migrations,
                  RESEND_API_KEY: FAKE_RESEND_KEY,
                  RESEND_BASE_URL: inject("resendUrl"),
                  KLAVIYO_BASE_URL: inject("klaviyoUrl"),
                  GA4_BASE_URL: inject("ga4Url"),
                  RESEND_WEBHOOK_SECRET: TEST_RESEND_WEBHOOK_SECRET,
                  // test/chaos/fuzz.test.ts: how many generated requests (bounded in `npm test`, ≥ 10,000 in `npm run test:chaos`) and the seed to replay.
                  REVA_FUZZ_REQUESTS: process.env.REVA_FUZZ_REQUESTS ?? "",
                  REVA_FUZZ_SEED: process.env.REVA_FUZZ_SEED ?? "",
                },
              },
            })),
          ],
          test: {
            name: "workers",
            include: ["test/**/*.test.ts"],
            exclude: ["test/browser/**", "test/unit/**", "test/checks/**"],
            setupFiles: ["./test/setup.ts"],
            globalSetup: ["./test/fakes/global-setup.ts"],
            // End-to-end flows (alarms, queues, a fake Resend) take seconds on a busy 2-core machine;
            // a hang still fails, 5 s flaked there without anything being wrong.
            testTimeout: 30_000,
          },
        },
        {
          // The pure engine (worker/domain) in plain Node: no workerd needed to test a rule.
          test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
        },
        {
          // Checks on the code itself: import rules, the OpenAPI document, generated types.
          test: { name: "checks", include: ["test/checks/**/*.test.ts"], environment: "node", testTimeout: 120_000 },
        },
        {
          test: {
            name: "browser",
            include: ["test/browser/**/*.test.ts"],
            environment: "node",
            globalSetup: ["test/browser/global-setup.ts"],
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
