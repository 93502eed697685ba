import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startDevServer } from "../../scripts/lib/dev-server.mjs";
import { ensureDemoStore } from "../../scripts/lib/demo-store.mjs";
import { applyLocalMigrations } from "../../scripts/lib/toolchain.mjs";
import { startFakeGa4 } from "../fakes/ga4-server.mjs";
import { startFakeKlaviyo } from "../fakes/klaviyo-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    origin: string;
    store: { id: string; secret_key: string; publishable_key: string };
    /** The fake Klaviyo and GA4 the Worker talks to (KLAVIYO_BASE_URL, GA4_BASE_URL). */
    fakes: { klaviyo: string; ga4: string };
  }
}

/** One `wrangler dev` for the browser tests, on its own port and throwaway local state. */
export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(join(tmpdir(), "reva-browser-"));
  applyLocalMigrations(persistTo);
  const port = 8800 + Math.floor(Math.random() * 100);
  const [klaviyo, ga4] = await Promise.all([startFakeKlaviyo(), startFakeGa4()]);
  const vars = { REVA_ENV: "development", KLAVIYO_BASE_URL: klaviyo.url, GA4_BASE_URL: ga4.url };
  const server = await startDevServer({ port, persistTo, quiet: true, vars });
  const store = await ensureDemoStore(server.origin, { persistTo });
  project.provide("origin", server.origin);
  project.provide("store", store);
  project.provide("fakes", { klaviyo: klaviyo.url, ga4: ga4.url });
  return async () => {
    await server.stop();
    await Promise.all([klaviyo.close(), ga4.close()]);
    rmSync(persistTo, { recursive: true, force: true });
  };
}
