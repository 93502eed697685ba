import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startDevServer } from "../../scripts/lib/dev-server.mjs";
import { ensureDemoStore } from "../../scripts/lib/demo-store.mjs";
import { applyLocalMigrations } from "../../scripts/lib/toolchain.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    origin: string;
    store: { id: string; secret_key: string; publishable_key: string };
  }
}

/** One `wrangler dev` for the browser tests, on its own port and throwaway local state. */
export default async function setup(project: TestProject) {
  const persistTo = mkdtempSync(join(tmpdir(), "reva-browser-"));
  applyLocalMigrations(persistTo);
  const port = 8800 + Math.floor(Math.random() * 100);
  const server = await startDevServer({ port, persistTo, quiet: true, vars: { REVA_ENV: "development" } });
  const store = await ensureDemoStore(server.origin, { persistTo });
  project.provide("origin", server.origin);
  project.provide("store", store);
  return async () => {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
}
